-- A busy 0.1.0 hotline, as the 0.1.0 library left it: test/upgrade/setup-0.1.0.sql
-- run by hotline 0.1.0 (commit 9f8803b), then pg_dump: the public tables whole
-- (what verify.sql compares with) and the data of schema hotline (users' rows,
-- loaded with triggers off, as pg_restore --disable-triggers does).
-- Loaded by the upgrade test into CREATE EXTENSION hotline VERSION '0.1.0'.
--
-- PostgreSQL database dump
--

\restrict uNZEVfEn3z4hpOOYzAfUYTUnLtpAReBN2pb6iUxzNVDIX3NSrYTskeKmyMCNlpU

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--



--
-- Name: SCHEMA public; Type: COMMENT; Schema: -; Owner: -
--



SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: dump_count; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dump_count (
    tbl text COLLATE pg_catalog."C",
    n bigint
);


--
-- Name: TABLE dump_count; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.dump_count IS 'test/dump: row counts of the tables of schema hotline before pg_dump';


--
-- Name: dump_order; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dump_order (
    name text NOT NULL,
    order_no hotline.order_no NOT NULL
);


--
-- Name: TABLE dump_order; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.dump_order IS 'test/dump: the orders of setup.sql by name, for verify.sql';


--
-- Name: dump_sequence; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dump_sequence (
    seq text COLLATE pg_catalog."C",
    last_value bigint
);


--
-- Name: TABLE dump_sequence; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.dump_sequence IS 'test/dump: the sequences of schema hotline before pg_dump';


--
-- Name: dump_snapshot; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dump_snapshot (
    tbl text NOT NULL,
    "row" jsonb NOT NULL
);


--
-- Name: TABLE dump_snapshot; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.dump_snapshot IS 'test/dump: the rows of the tables of schema hotline before pg_dump';


--
-- Data for Name: dump_count; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.dump_count (tbl, n) FROM stdin;
calendar	5
calendar_day	257
calendar_year	9
order_number_seq	1
unit	4
topic	4
workflow	1
workflow_state	21
workflow_action	21
workflow_limit	14
workflow_hook	10
workflow_escalation	10
citizen	7
work_order	13
assignment	10
order_event	57
outbox	13
alarm	42
public_notice	1
repeat_group	1
repeat_member	2
supervision	5
supervision_record	7
job_run	6
job	5
job_schedule	0
\.


--
-- Data for Name: dump_order; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.dump_order (name, order_no) FROM stdin;
archived	110101-20261202-000001
returned	110101-20261202-000002
passed	110101-20261202-000003
overdue	110101-20261202-000004
reminded	110101-20261202-000005
reviewed	110101-20261202-000006
redo	110101-20261202-000007
emergency	110101-20261202-000008
heat1	110101-20261202-000009
heat2	110101-20261202-000010
answered	110101-20261202-000011
not_accepted	110101-20261202-000012
terminated	110101-20261202-000013
\.


--
-- Data for Name: dump_sequence; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.dump_sequence (seq, last_value) FROM stdin;
unit_id_seq	4
topic_id_seq	4
citizen_id_seq	8
assignment_id_seq	10
order_event_id_seq	57
outbox_id_seq	13
alarm_id_seq	52
public_notice_id_seq	1
calendar_change_id_seq	3
repeat_group_id_seq	1
supervision_id_seq	5
supervision_record_id_seq	7
job_run_id_seq	6
\.


--
-- Data for Name: dump_snapshot; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.dump_snapshot (tbl, "row") FROM stdin;
alarm	{"id": 1, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000001", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 2, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-11T16:00:00+00:00", "order_no": "110101-20261202-000001", "assignment_id": 1, "last_fired_at": null}
alarm	{"id": 3, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-10T03:55:40.060409+00:00", "order_no": "110101-20261202-000001", "assignment_id": 1, "last_fired_at": null}
alarm	{"id": 4, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000001", "assignment_id": 1, "last_fired_at": null}
alarm	{"id": 5, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-11T16:00:00+00:00", "order_no": "110101-20261202-000001", "assignment_id": 2, "last_fired_at": null}
alarm	{"id": 6, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-10T03:55:40.060409+00:00", "order_no": "110101-20261202-000001", "assignment_id": 2, "last_fired_at": null}
alarm	{"id": 7, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000001", "assignment_id": 2, "last_fired_at": null}
alarm	{"id": 8, "kind": "remind", "rule": "remind_callback", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000001", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 10, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-11T16:00:00+00:00", "order_no": "110101-20261202-000002", "assignment_id": 3, "last_fired_at": null}
alarm	{"id": 11, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-10T03:55:40.07959+00:00", "order_no": "110101-20261202-000002", "assignment_id": 3, "last_fired_at": null}
alarm	{"id": 12, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000002", "assignment_id": 3, "last_fired_at": null}
alarm	{"id": 9, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000002", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 14, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000003", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 15, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-11T16:00:00+00:00", "order_no": "110101-20261202-000003", "assignment_id": 4, "last_fired_at": null}
alarm	{"id": 16, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-10T03:55:40.091372+00:00", "order_no": "110101-20261202-000003", "assignment_id": 4, "last_fired_at": null}
alarm	{"id": 17, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000003", "assignment_id": 4, "last_fired_at": null}
alarm	{"id": 21, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-09T16:00:00+00:00", "fire_at": "2026-12-09T16:00:00+00:00", "order_no": "110101-20261202-000003", "assignment_id": 5, "last_fired_at": null}
alarm	{"id": 22, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-09T16:00:00+00:00", "fire_at": "2026-12-08T08:13:40.094638+00:00", "order_no": "110101-20261202-000003", "assignment_id": 5, "last_fired_at": null}
alarm	{"id": 23, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000004", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 26, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000004", "assignment_id": 6, "last_fired_at": null}
alarm	{"id": 27, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000005", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 30, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000005", "assignment_id": 7, "last_fired_at": null}
alarm	{"id": 31, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000006", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 32, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-11T16:00:00+00:00", "order_no": "110101-20261202-000006", "assignment_id": 8, "last_fired_at": null}
alarm	{"id": 33, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-10T03:55:40.115452+00:00", "order_no": "110101-20261202-000006", "assignment_id": 8, "last_fired_at": null}
alarm	{"id": 34, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000006", "assignment_id": 8, "last_fired_at": null}
alarm	{"id": 35, "kind": "remind", "rule": "remind_callback", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000006", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 36, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000007", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 39, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000007", "assignment_id": 9, "last_fired_at": null}
alarm	{"id": 37, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-09T16:00:00+00:00", "fire_at": "2026-12-09T16:00:00+00:00", "order_no": "110101-20261202-000007", "assignment_id": 9, "last_fired_at": null}
alarm	{"id": 38, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-09T16:00:00+00:00", "fire_at": "2026-12-08T08:13:40.123368+00:00", "order_no": "110101-20261202-000007", "assignment_id": 9, "last_fired_at": null}
alarm	{"id": 42, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000008", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 43, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000009", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 44, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000010", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 45, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-11T16:00:00+00:00", "order_no": "110101-20261202-000009", "assignment_id": 10, "last_fired_at": null}
alarm	{"id": 46, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-11T16:00:00+00:00", "fire_at": "2026-12-10T03:55:40.133906+00:00", "order_no": "110101-20261202-000009", "assignment_id": 10, "last_fired_at": null}
alarm	{"id": 47, "kind": "remind", "rule": "remind_sign", "fired": 0, "due_at": "2026-12-03T16:00:00+00:00", "fire_at": "2026-12-03T07:30:00+00:00", "order_no": "110101-20261202-000009", "assignment_id": 10, "last_fired_at": null}
alarm	{"id": 48, "kind": "remind", "rule": "remind_dispatch", "fired": 0, "due_at": "2026-12-04T16:00:00+00:00", "fire_at": "2026-12-04T04:00:00+00:00", "order_no": "110101-20261202-000013", "assignment_id": null, "last_fired_at": null}
alarm	{"id": 25, "kind": "remind", "rule": "remind_reply", "fired": 0, "due_at": "2026-12-01T01:38:20.700623+00:00", "fire_at": null, "order_no": "110101-20261202-000004", "assignment_id": 6, "last_fired_at": null}
alarm	{"id": 28, "kind": "hasten", "rule": "hasten_reply", "fired": 0, "due_at": "2026-12-04T01:38:20.701566+00:00", "fire_at": "2026-12-04T01:38:20.701566+00:00", "order_no": "110101-20261202-000005", "assignment_id": 7, "last_fired_at": null}
alarm	{"id": 29, "kind": "remind", "rule": "remind_reply", "fired": 1, "due_at": "2026-12-04T01:38:20.701566+00:00", "fire_at": null, "order_no": "110101-20261202-000005", "assignment_id": 7, "last_fired_at": "2026-12-02T01:38:20.704854+00:00"}
alarm	{"id": 24, "kind": "hasten", "rule": "hasten_reply", "fired": 2, "due_at": "2026-12-01T01:38:20.700623+00:00", "fire_at": "2026-12-03T16:00:00+00:00", "order_no": "110101-20261202-000004", "assignment_id": 6, "last_fired_at": "2026-12-02T01:38:20.748873+00:00"}
assignment	{"id": 2, "role": "assist", "state": "replied", "opinion": "请核实处理", "unit_id": 2, "order_no": "110101-20261202-000001", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": "2026-12-02T01:38:20.382443+00:00", "parent_id": null, "reply_due": "2026-12-11T16:00:00+00:00", "signed_at": "2026-12-02T01:38:20.331811+00:00", "replied_at": "2026-12-02T01:38:20.344868+00:00", "reply_from": "2026-12-02T01:38:20.302046+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.382443+00:00", "reply_limit": "7 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.302046+00:00"}
assignment	{"id": 1, "role": "lead", "state": "replied", "opinion": "请核实处理", "unit_id": 3, "order_no": "110101-20261202-000001", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": "2026-12-02T01:38:20.382443+00:00", "parent_id": null, "reply_due": "2026-12-11T16:00:00+00:00", "signed_at": "2026-12-02T01:38:20.331811+00:00", "replied_at": "2026-12-02T01:38:20.355738+00:00", "reply_from": "2026-12-02T01:38:20.302046+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.382443+00:00", "reply_limit": "7 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.302046+00:00"}
assignment	{"id": 3, "role": "lead", "state": "returned", "opinion": "请核实处理", "unit_id": 2, "order_no": "110101-20261202-000002", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": "2026-12-02T01:38:20.416898+00:00", "parent_id": null, "reply_due": "2026-12-11T16:00:00+00:00", "signed_at": null, "replied_at": null, "reply_from": "2026-12-02T01:38:20.397951+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.416898+00:00", "reply_limit": "7 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.397951+00:00"}
assignment	{"id": 5, "role": "sub", "state": "dispatched", "opinion": "请街道核实", "unit_id": 4, "order_no": "110101-20261202-000003", "sign_due": null, "closed_at": null, "parent_id": 4, "reply_due": "2026-12-09T16:00:00+00:00", "signed_at": null, "replied_at": null, "reply_from": "2026-12-02T01:38:20.47319+00:00", "sign_limit": null, "updated_at": "2026-12-02T01:38:20.47319+00:00", "reply_limit": "5 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.47319+00:00"}
assignment	{"id": 8, "role": "lead", "state": "replied", "opinion": "请督促物业修复", "unit_id": 2, "order_no": "110101-20261202-000006", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": null, "parent_id": null, "reply_due": "2026-12-11T16:00:00+00:00", "signed_at": "2026-12-02T01:38:20.59288+00:00", "replied_at": "2026-12-02T01:38:20.595581+00:00", "reply_from": "2026-12-02T01:38:20.577261+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.595581+00:00", "reply_limit": "7 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.577261+00:00"}
calendar_day	{"day": "2020-04-05", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
assignment	{"id": 9, "role": "lead", "state": "redo", "opinion": "请核实查处", "unit_id": 3, "order_no": "110101-20261202-000007", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": null, "parent_id": null, "reply_due": "2026-12-09T16:00:00+00:00", "signed_at": "2026-12-02T01:38:20.61146+00:00", "replied_at": null, "reply_from": "2026-12-02T01:38:20.616839+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.616839+00:00", "reply_limit": "5 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.609741+00:00"}
assignment	{"id": 10, "role": "lead", "state": "dispatched", "opinion": "请督促供热单位排查", "unit_id": 2, "order_no": "110101-20261202-000009", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": null, "parent_id": null, "reply_due": "2026-12-11T16:00:00+00:00", "signed_at": null, "replied_at": null, "reply_from": "2026-12-02T01:38:20.669529+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.669529+00:00", "reply_limit": "7 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.669529+00:00"}
assignment	{"id": 4, "role": "lead", "state": "passed_down", "opinion": "请属地处理，督促街道落实", "unit_id": 1, "order_no": "110101-20261202-000003", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": null, "parent_id": null, "reply_due": "2026-12-11T16:00:00+00:00", "signed_at": "2026-12-02T01:38:20.469826+00:00", "replied_at": null, "reply_from": "2026-12-02T01:38:20.456862+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.47319+00:00", "reply_limit": "7 working days", "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.456862+00:00"}
assignment	{"id": 6, "role": "lead", "state": "signed", "opinion": "请督促物业尽快修复", "unit_id": 2, "order_no": "110101-20261202-000004", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": null, "parent_id": null, "reply_due": "2026-12-01T01:38:20.700623+00:00", "signed_at": "2026-12-02T01:38:20.533201+00:00", "replied_at": null, "reply_from": "2026-12-02T01:38:20.520851+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.533201+00:00", "reply_limit": null, "dispatch_mode": "phone", "dispatched_at": "2026-12-02T01:38:20.520851+00:00"}
assignment	{"id": 7, "role": "lead", "state": "signed", "opinion": "请尽快处置", "unit_id": 3, "order_no": "110101-20261202-000005", "sign_due": "2026-12-03T16:00:00+00:00", "closed_at": null, "parent_id": null, "reply_due": "2026-12-04T01:38:20.701566+00:00", "signed_at": "2026-12-02T01:38:20.568867+00:00", "replied_at": null, "reply_from": "2026-11-02T01:38:20.701566+00:00", "sign_limit": "1 working day", "updated_at": "2026-12-02T01:38:20.568867+00:00", "reply_limit": null, "dispatch_mode": "written", "dispatched_at": "2026-12-02T01:38:20.548852+00:00"}
calendar	{"base": null, "name": "cn", "builtin": true, "time_zone": "Asia/Shanghai", "description": "People's Republic of China: national public holidays and make-up working days (全国年节及纪念日放假), Monday-Friday week", "work_weekdays": [1, 2, 3, 4, 5], "business_hours": ["[09:00:00,12:00:00)", "[13:30:00,17:30:00)"]}
calendar	{"base": "cn", "name": "beijing", "builtin": false, "time_zone": "Asia/Shanghai", "description": "北京市", "work_weekdays": [1, 2, 3, 4, 5], "business_hours": ["[09:00:00,12:00:00)", "[13:30:00,17:30:00)"]}
calendar	{"base": "beijing", "name": "dongcheng", "builtin": false, "time_zone": "Asia/Shanghai", "description": "东城区", "work_weekdays": [1, 2, 3, 4, 5], "business_hours": ["[09:00:00,12:00:00)", "[13:30:00,17:30:00)"]}
calendar	{"base": "cn", "name": "urumqi", "builtin": false, "time_zone": "Asia/Urumqi", "description": "乌鲁木齐市", "work_weekdays": [1, 2, 3, 4, 5], "business_hours": ["[09:00:00,12:00:00)", "[13:30:00,17:30:00)"]}
calendar	{"base": null, "name": "24x7", "builtin": false, "time_zone": "Asia/Shanghai", "description": null, "work_weekdays": [1, 2, 3, 4, 5, 6, 7], "business_hours": ["[00:00:00,24:00:00)"]}
calendar_day	{"day": "2020-01-01", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-24", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-25", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-26", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-27", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-28", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-29", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-30", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-31", "kind": "holiday", "note": "春节假期(延长)", "source": "国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-02-01", "kind": "holiday", "note": "春节假期(延长)", "source": "国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-02-02", "kind": "holiday", "note": "春节假期(延长)", "source": "国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-04-04", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-04-06", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-05-01", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-05-02", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-05-03", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-05-04", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-05-05", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-06-25", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-06-26", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-06-27", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-01", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-02", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-03", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-04", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-05", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-06", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-07", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-08", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-01-19", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-04-26", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-05-09", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-06-28", "kind": "workday", "note": "上班(补端午节假期)", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-09-27", "kind": "workday", "note": "上班(补国庆节、中秋节假期)", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2020-10-10", "kind": "workday", "note": "上班(补国庆节、中秋节假期)", "source": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-01-01", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-01-02", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-01-03", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-11", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-12", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-13", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-14", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-15", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-16", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-17", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-04-03", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-04-04", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-04-05", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-05-01", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-05-02", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-05-03", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-05-04", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-05-05", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-06-12", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-06-13", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-06-14", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-09-19", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-09-20", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-09-21", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-01", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-02", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-03", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-04", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-05", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-06", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-07", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-07", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-02-20", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-04-25", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-05-08", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-09-18", "kind": "workday", "note": "上班(补中秋节假期)", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-09-26", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2021-10-09", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-01-01", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-01-02", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-01-03", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-01-31", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-02-01", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-02-02", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-02-03", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-02-04", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-02-05", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-02-06", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-04-03", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-04-04", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-04-05", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-04-30", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-05-01", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-05-02", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-05-03", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-05-04", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-06-03", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-06-04", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-06-05", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-09-10", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-09-11", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-09-12", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-01", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-02", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-03", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-04", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-05", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-06", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-07", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-01-29", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-01-30", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-04-02", "kind": "workday", "note": "上班(补清明节假期)", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-04-24", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-05-07", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-08", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-10-09", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2022-12-31", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-01", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-02", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-21", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-22", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-23", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-24", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-25", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-26", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-27", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-04-05", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-04-29", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-04-30", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-05-01", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-05-02", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-05-03", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-06-22", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-06-23", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-06-24", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-09-29", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-09-30", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-01", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-02", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-03", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-04", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-05", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-06", "kind": "holiday", "note": "中秋节、国庆节假期", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-28", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-01-29", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-04-23", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-05-06", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-06-25", "kind": "workday", "note": "上班(补端午节假期)", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-07", "kind": "workday", "note": "上班(补中秋节、国庆节假期)", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2023-10-08", "kind": "workday", "note": "上班(补中秋节、国庆节假期)", "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-01-01", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-10", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-11", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-12", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-13", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-14", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-15", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-16", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-17", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-04-04", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-04-05", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-04-06", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-05-01", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-05-02", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-05-03", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-05-04", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-05-05", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-06-10", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-09-15", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-09-16", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-09-17", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-01", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-02", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-03", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-04", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-05", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-06", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-07", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-04", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-02-18", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-04-07", "kind": "workday", "note": "上班(补清明节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-04-28", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-05-11", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-09-14", "kind": "workday", "note": "上班(补中秋节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-09-29", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2024-10-12", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-01-01", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-01-28", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-01-29", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-01-30", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-01-31", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-02-01", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-02-02", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-02-03", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-02-04", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-04-04", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-04-05", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-04-06", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-05-01", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-05-02", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-05-03", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-05-04", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-05-05", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-05-31", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-06-01", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-06-02", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-01", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-02", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-03", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-04", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-05", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-06", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-07", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-08", "kind": "holiday", "note": "国庆节、中秋节假期", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-01-26", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-02-08", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-04-27", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-09-28", "kind": "workday", "note": "上班(补国庆节、中秋节假期)", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2025-10-11", "kind": "workday", "note": "上班(补国庆节、中秋节假期)", "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-01-01", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-01-02", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-01-03", "kind": "holiday", "note": "元旦假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-15", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-16", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-17", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-18", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-19", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-20", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-21", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-22", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-23", "kind": "holiday", "note": "春节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-04-04", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-04-05", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-04-06", "kind": "holiday", "note": "清明节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-05-01", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-05-02", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-05-03", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-05-04", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-05-05", "kind": "holiday", "note": "劳动节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-06-19", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-06-20", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-06-21", "kind": "holiday", "note": "端午节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-09-25", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-09-26", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-09-27", "kind": "holiday", "note": "中秋节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-01", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-02", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-03", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-04", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-05", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-06", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-07", "kind": "holiday", "note": "国庆节假期", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-01-04", "kind": "workday", "note": "上班(补元旦假期)", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-14", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-02-28", "kind": "workday", "note": "上班(补春节假期)", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-05-09", "kind": "workday", "note": "上班(补劳动节假期)", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-09-20", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-10-10", "kind": "workday", "note": "上班(补国庆节假期)", "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn"}
calendar_day	{"day": "2026-12-01", "kind": "holiday", "note": "示例休息日", "source": "dump test", "builtin": false, "calendar": "beijing"}
calendar_day	{"day": "2026-12-01", "kind": "workday", "note": "示例上班", "source": "dump test", "builtin": false, "calendar": "dongcheng"}
calendar_day	{"day": "2027-01-01", "kind": "holiday", "note": "元旦", "source": "2027 notice (test)", "builtin": false, "calendar": "cn"}
calendar_year	{"year": 2020, "source": "国务院办公厅关于2020年部分节假日安排的通知", "builtin": true, "calendar": "cn", "loaded_at": "2026-12-02T01:38:19.016855+00:00"}
calendar_year	{"year": 2021, "source": "国务院办公厅关于2021年部分节假日安排的通知", "builtin": true, "calendar": "cn", "loaded_at": "2026-12-02T01:38:19.016855+00:00"}
calendar_year	{"year": 2022, "source": "国务院办公厅关于2022年部分节假日安排的通知", "builtin": true, "calendar": "cn", "loaded_at": "2026-12-02T01:38:19.016855+00:00"}
calendar_year	{"year": 2023, "source": "国务院办公厅关于2023年部分节假日安排的通知", "builtin": true, "calendar": "cn", "loaded_at": "2026-12-02T01:38:19.016855+00:00"}
calendar_year	{"year": 2024, "source": "国务院办公厅关于2024年部分节假日安排的通知", "builtin": true, "calendar": "cn", "loaded_at": "2026-12-02T01:38:19.016855+00:00"}
calendar_year	{"year": 2025, "source": "国务院办公厅关于2025年部分节假日安排的通知", "builtin": true, "calendar": "cn", "loaded_at": "2026-12-02T01:38:19.016855+00:00"}
calendar_year	{"year": 2026, "source": "国务院办公厅关于2026年部分节假日安排的通知", "builtin": true, "calendar": "cn", "loaded_at": "2026-12-02T01:38:19.016855+00:00"}
calendar_year	{"year": 2027, "source": "2027 notice (test)", "builtin": false, "calendar": "cn", "loaded_at": "2026-12-02T01:38:20.222883+00:00"}
calendar_year	{"year": 2026, "source": "test", "builtin": false, "calendar": "urumqi", "loaded_at": "2026-12-02T01:38:20.222883+00:00"}
citizen	{"id": 1, "kind": "person", "name": "王女士", "phone": "13800138000", "address": null, "created_at": "2026-12-02T01:38:20.253645+00:00"}
citizen	{"id": 2, "kind": "person", "name": null, "phone": "01065123456", "address": null, "created_at": "2026-12-02T01:38:20.390394+00:00"}
citizen	{"id": 3, "kind": "person", "name": null, "phone": "13912345678", "address": null, "created_at": "2026-12-02T01:38:20.510322+00:00"}
citizen	{"id": 4, "kind": "person", "name": null, "phone": "13700001111", "address": null, "created_at": "2026-12-02T01:38:20.571559+00:00"}
citizen	{"id": 5, "kind": "person", "name": null, "phone": "13600002222", "address": null, "created_at": "2026-12-02T01:38:20.603582+00:00"}
citizen	{"id": 6, "kind": "person", "name": null, "phone": "13800009999", "address": null, "created_at": "2026-12-02T01:38:20.620256+00:00"}
citizen	{"id": 7, "kind": "person", "name": "李先生", "phone": "13910002000", "address": null, "created_at": "2026-12-02T01:38:20.648887+00:00"}
job	{"name": "sweep", "builtin": true, "command": "SELECT hotline.sweep()", "lock_key": 1, "description": "reminders (提醒) before deadlines, hastenings (催办) after them and public notices (通报) (R-5, R-12.5)", "default_schedule": "* * * * *"}
job	{"name": "recompute_deadlines", "builtin": true, "command": "SELECT hotline.recompute_deadlines()", "lock_key": 2, "description": "recomputes the deadlines of open assignments after a calendar change (R-12.3)", "default_schedule": "*/5 * * * *"}
job	{"name": "sample_callbacks", "builtin": true, "command": "SELECT hotline.sample_callbacks()", "lock_key": 3, "description": "callback sampling (回访抽样): all or a share of reviewed orders get a callback task, the others are closed (R-7.1)", "default_schedule": "*/10 * * * *"}
job	{"name": "archive", "builtin": true, "command": "SELECT hotline.archive_closed()", "lock_key": 4, "description": "archives (归档) orders closed longer than hotline.archive_after (R-8.1), at 02:30 Beijing time", "default_schedule": "30 18 * * *"}
job	{"name": "purge_outbox", "builtin": false, "command": "SELECT 1", "lock_key": 100, "description": "dump test: a user's own job", "default_schedule": "0 3 * * *"}
job_run	{"id": 1, "job": "sweep", "pid": 25401, "result": {"notices": 0, "retired": 0, "messages": 2, "reminders": 1, "hastenings": 1, "left_for_next_run": 0}, "run_by": "postgres", "database": "old", "started_at": "2026-12-02T01:38:20.705554+00:00", "finished_at": "2026-12-02T01:38:20.741039+00:00"}
job_run	{"id": 2, "job": "sweep", "pid": 25401, "result": {"notices": 1, "retired": 0, "messages": 2, "reminders": 0, "hastenings": 1, "left_for_next_run": 0}, "run_by": "postgres", "database": "old", "started_at": "2026-12-02T01:38:20.748984+00:00", "finished_at": "2026-12-02T01:38:20.774146+00:00"}
job_run	{"id": 3, "job": "sweep", "pid": 25401, "result": {"notices": 0, "retired": 0, "messages": 0, "reminders": 0, "hastenings": 0, "left_for_next_run": 0}, "run_by": "postgres", "database": "old", "started_at": "2026-12-02T01:38:20.783086+00:00", "finished_at": "2026-12-02T01:38:20.783355+00:00"}
job_run	{"id": 4, "job": "sample_callbacks", "pid": 25401, "result": {"job": "sample_callbacks", "more": false, "share": 1, "closed": 0, "failed": 0, "sampled": 1, "examined": 1}, "run_by": "postgres", "database": "old", "started_at": "2026-12-02T01:38:20.784197+00:00", "finished_at": "2026-12-02T01:38:20.791904+00:00"}
job_run	{"id": 5, "job": "archive", "pid": 25401, "result": {"job": "archive", "more": false, "after": "7 days", "failed": 0, "archived": 0, "examined": 0}, "run_by": "postgres", "database": "old", "started_at": "2026-12-02T01:38:20.795552+00:00", "finished_at": "2026-12-02T01:38:20.796235+00:00"}
supervision_record	{"at": "2026-12-02T01:38:20.616839+00:00", "id": 4, "note": "发回重办 1 次", "actor": "system", "method": null, "supervision_id": 3}
job_run	{"id": 6, "job": "recompute_deadlines", "pid": 25401, "result": {"changes": 3, "assignments_moved": 0}, "run_by": "postgres", "database": "old", "started_at": "2026-12-02T01:38:20.801212+00:00", "finished_at": "2026-12-02T01:38:20.814017+00:00"}
order_event	{"at": "2026-12-02T01:38:20.253645+00:00", "id": 1, "role": "agent", "actor": "话务员 0101", "action": "accept", "reason": null, "payload": {"topic": "csgl-ldzm", "demand": "尽快修复", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "help", "description": "东直门北小街路灯连续一周不亮", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000001", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.302046+00:00", "id": 2, "role": "dispatcher", "actor": "派单员 07", "action": "dispatch", "reason": null, "payload": {"opinion": "请核实处理", "lead_unit": "dc-cgw", "assist_units": ["dc-zjw"], "dispatch_mode": "written"}, "order_no": "110101-20261202-000001", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.331811+00:00", "id": 3, "role": "unit", "actor": "postgres", "action": "sign_for", "reason": null, "payload": {}, "order_no": "110101-20261202-000001", "to_state": "signed", "from_state": "dispatched", "assignment_id": 1}
order_event	{"at": "2026-12-02T01:38:20.331811+00:00", "id": 4, "role": "unit", "actor": "postgres", "action": "sign_for", "reason": null, "payload": {}, "order_no": "110101-20261202-000001", "to_state": "signed", "from_state": "dispatched", "assignment_id": 2}
order_event	{"at": "2026-12-02T01:38:20.344868+00:00", "id": 5, "role": "unit", "actor": "postgres", "action": "reply", "reason": null, "payload": {"result": "已配合排查线路", "contacted": true, "contact_method": "phone"}, "order_no": "110101-20261202-000001", "to_state": "replied", "from_state": "signed", "assignment_id": 2}
order_event	{"at": "2026-12-02T01:38:20.355738+00:00", "id": 6, "role": "unit", "actor": "postgres", "action": "reply", "reason": null, "payload": {"result": "已更换灯具，路灯恢复照明", "order_to": "replied", "contacted": true, "order_from": "dispatched", "contact_method": "phone"}, "order_no": "110101-20261202-000001", "to_state": "replied", "from_state": "signed", "assignment_id": 1}
order_event	{"at": "2026-12-02T01:38:20.365233+00:00", "id": 7, "role": "reviewer", "actor": "postgres", "action": "approve_reply", "reason": null, "payload": {}, "order_no": "110101-20261202-000001", "to_state": "reviewed", "from_state": "replied", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.374425+00:00", "id": 8, "role": "agent", "actor": "postgres", "action": "callback", "reason": null, "payload": {"result_satisfaction": "satisfied", "process_satisfaction": "satisfied"}, "order_no": "110101-20261202-000001", "to_state": "callback_done", "from_state": "reviewed", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.382443+00:00", "id": 9, "role": "reviewer", "actor": "postgres", "action": "close", "reason": null, "payload": {}, "order_no": "110101-20261202-000001", "to_state": "closed", "from_state": "callback_done", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.388865+00:00", "id": 10, "role": "reviewer", "actor": "postgres", "action": "archive", "reason": null, "payload": {}, "order_no": "110101-20261202-000001", "to_state": "archived", "from_state": "closed", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.390394+00:00", "id": 11, "role": "agent", "actor": "话务员 0102", "action": "accept", "reason": null, "payload": {"region": "110101", "channel": "wechat", "urgency": "normal", "appeal_type": "complaint", "description": "小区垃圾清运不及时，楼道堆满垃圾", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000002", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.397951+00:00", "id": 12, "role": "dispatcher", "actor": "postgres", "action": "dispatch", "reason": null, "payload": {"opinion": "请核实处理", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "written"}, "order_no": "110101-20261202-000002", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.416898+00:00", "id": 13, "role": "unit", "actor": "postgres", "action": "return_order", "reason": "不属于本单位职责，建议转城管委", "payload": {"reason": "不属于本单位职责，建议转城管委", "order_to": "returned", "order_from": "dispatched"}, "order_no": "110101-20261202-000002", "to_state": "returned", "from_state": "dispatched", "assignment_id": 3}
order_event	{"at": "2026-12-02T01:38:20.416898+00:00", "id": 14, "role": "system", "actor": "system", "action": "supervise", "reason": "退单 1 次", "payload": {"rule": "bad_handling", "unit": "dc-zjw", "reason": "returned", "supervision_id": 1}, "order_no": "110101-20261202-000002", "to_state": "returned", "from_state": "returned", "assignment_id": 3}
order_event	{"at": "2026-12-02T01:38:20.448867+00:00", "id": 15, "role": "agent", "actor": "话务员 0103", "action": "accept", "reason": null, "payload": {"region": "110101", "address": "东华门大街 12 号", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "东华门大街占道经营，晚间噪音扰民", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000003", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.456862+00:00", "id": 16, "role": "dispatcher", "actor": "postgres", "action": "dispatch", "reason": null, "payload": {"opinion": "请属地处理", "lead_unit": "dc-gov", "assist_units": [], "dispatch_mode": "written"}, "order_no": "110101-20261202-000003", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.469826+00:00", "id": 17, "role": "unit", "actor": "postgres", "action": "sign_for", "reason": null, "payload": {}, "order_no": "110101-20261202-000003", "to_state": "signed", "from_state": "dispatched", "assignment_id": 4}
order_event	{"at": "2026-12-02T01:38:20.47319+00:00", "id": 18, "role": "unit", "actor": "postgres", "action": "pass_down", "reason": null, "payload": {"opinion": "请街道核实", "sub_units": ["dc-dhm"]}, "order_no": "110101-20261202-000003", "to_state": "passed_down", "from_state": "signed", "assignment_id": 4}
supervision_record	{"at": "2026-12-02T01:38:20.620256+00:00", "id": 5, "note": "突发事件 (public_health): 已报告 emergency_department, duty_office", "actor": "system", "method": null, "supervision_id": 4}
order_event	{"at": "2026-12-02T01:38:20.49288+00:00", "id": 19, "role": "supervisor", "actor": "督办员 01", "action": "supervise", "reason": "市民多次来电，电话督促街道处理", "payload": {"unit": "dc-gov", "method": "phone", "reason": "manual", "supervision_id": 2, "person_in_charge": "督办科 王科长"}, "order_no": "110101-20261202-000003", "to_state": "dispatched", "from_state": "dispatched", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.496853+00:00", "id": 20, "role": "supervisor", "actor": "督办员 01", "action": "supervise_record", "reason": "街道已到现场劝离摊贩", "payload": {"method": "on_site", "reason": "manual", "record_id": 3, "supervision_id": 2}, "order_no": "110101-20261202-000003", "to_state": "dispatched", "from_state": "dispatched", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.508844+00:00", "id": 21, "role": "supervisor", "actor": "督办员 01", "action": "supervise_close", "reason": "占道经营已清理，市民认可", "payload": {"reason": "manual", "supervision_id": 2}, "order_no": "110101-20261202-000003", "to_state": "dispatched", "from_state": "dispatched", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.510322+00:00", "id": 22, "role": "agent", "actor": "话务员 0104", "action": "accept", "reason": null, "payload": {"region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "小区电梯停运三天，老人上下楼困难", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000004", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.520851+00:00", "id": 23, "role": "dispatcher", "actor": "postgres", "action": "dispatch", "reason": null, "payload": {"opinion": "请督促物业尽快修复", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "phone"}, "order_no": "110101-20261202-000004", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.533201+00:00", "id": 24, "role": "unit", "actor": "postgres", "action": "sign_for", "reason": null, "payload": {}, "order_no": "110101-20261202-000004", "to_state": "signed", "from_state": "dispatched", "assignment_id": 6}
order_event	{"at": "2026-12-02T01:38:20.534357+00:00", "id": 25, "role": "agent", "actor": "话务员 0105", "action": "accept", "reason": null, "payload": {"region": "110101", "address": "北新桥三条胡同口", "channel": "app", "urgency": "normal", "appeal_type": "help", "description": "胡同口井盖缺失，夜间行人易跌落", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000005", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.548852+00:00", "id": 26, "role": "dispatcher", "actor": "postgres", "action": "dispatch", "reason": null, "payload": {"opinion": "请尽快处置", "lead_unit": "dc-cgw", "assist_units": [], "dispatch_mode": "written"}, "order_no": "110101-20261202-000005", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.568867+00:00", "id": 27, "role": "unit", "actor": "postgres", "action": "sign_for", "reason": null, "payload": {}, "order_no": "110101-20261202-000005", "to_state": "signed", "from_state": "dispatched", "assignment_id": 7}
order_event	{"at": "2026-12-02T01:38:20.571559+00:00", "id": 28, "role": "agent", "actor": "话务员 0106", "action": "accept", "reason": null, "payload": {"region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "help", "description": "单元门禁损坏无法关闭", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000006", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.577261+00:00", "id": 29, "role": "dispatcher", "actor": "postgres", "action": "dispatch", "reason": null, "payload": {"opinion": "请督促物业修复", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "written"}, "order_no": "110101-20261202-000006", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.59288+00:00", "id": 30, "role": "unit", "actor": "postgres", "action": "sign_for", "reason": null, "payload": {}, "order_no": "110101-20261202-000006", "to_state": "signed", "from_state": "dispatched", "assignment_id": 8}
order_event	{"at": "2026-12-02T01:38:20.595581+00:00", "id": 31, "role": "unit", "actor": "postgres", "action": "reply", "reason": null, "payload": {"result": "物业已更换门禁锁", "order_to": "replied", "contacted": true, "order_from": "dispatched", "contact_method": "phone"}, "order_no": "110101-20261202-000006", "to_state": "replied", "from_state": "signed", "assignment_id": 8}
order_event	{"at": "2026-12-02T01:38:20.597381+00:00", "id": 32, "role": "reviewer", "actor": "postgres", "action": "approve_reply", "reason": null, "payload": {}, "order_no": "110101-20261202-000006", "to_state": "reviewed", "from_state": "replied", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.603582+00:00", "id": 33, "role": "agent", "actor": "话务员 0107", "action": "accept", "reason": null, "payload": {"region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "工地夜间施工噪音扰民", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000007", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.609741+00:00", "id": 34, "role": "dispatcher", "actor": "postgres", "action": "dispatch", "reason": null, "payload": {"opinion": "请核实查处", "lead_unit": "dc-cgw", "assist_units": [], "dispatch_mode": "written"}, "order_no": "110101-20261202-000007", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.61146+00:00", "id": 35, "role": "unit", "actor": "postgres", "action": "sign_for", "reason": null, "payload": {}, "order_no": "110101-20261202-000007", "to_state": "signed", "from_state": "dispatched", "assignment_id": 9}
order_event	{"at": "2026-12-02T01:38:20.612066+00:00", "id": 36, "role": "unit", "actor": "postgres", "action": "reply", "reason": null, "payload": {"result": "已告知施工单位", "order_to": "replied", "contacted": false, "order_from": "dispatched"}, "order_no": "110101-20261202-000007", "to_state": "replied", "from_state": "signed", "assignment_id": 9}
order_event	{"at": "2026-12-02T01:38:20.616839+00:00", "id": 37, "role": "reviewer", "actor": "postgres", "action": "send_back", "reason": "答复未联系市民，未说明查处结果", "payload": {"reason": "答复未联系市民，未说明查处结果"}, "order_no": "110101-20261202-000007", "to_state": "redo", "from_state": "replied", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.616839+00:00", "id": 38, "role": "system", "actor": "system", "action": "supervise", "reason": "发回重办 1 次", "payload": {"rule": "bad_handling", "unit": "dc-cgw", "reason": "sent_back", "supervision_id": 3}, "order_no": "110101-20261202-000007", "to_state": "redo", "from_state": "redo", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.620256+00:00", "id": 39, "role": "agent", "actor": "话务员 0108", "action": "accept", "reason": null, "payload": {"topic": "wsjk", "region": "110101", "address": "和平里北街 5 号院", "channel": "phone", "urgency": "normal", "emergency": "public_health", "appeal_type": "report", "description": "小区多人出现腹泻呕吐症状，疑似饮用水污染", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000008", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.620256+00:00", "id": 40, "role": "system", "actor": "system", "action": "supervise", "reason": "突发事件 (public_health): 已报告 emergency_department, duty_office", "payload": {"rule": "emergency", "reason": "emergency", "supervision_id": 4}, "order_no": "110101-20261202-000008", "to_state": "accepted", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.620256+00:00", "id": 41, "role": "system", "actor": "system", "action": "emergency_report", "reason": null, "payload": {"rule": "emergency", "recipients": ["emergency_department", "duty_office"], "emergency_kind": "public_health", "supervision_id": 4}, "order_no": "110101-20261202-000008", "to_state": "accepted", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.641352+00:00", "id": 42, "role": "supervisor", "actor": "值班长 02", "action": "supervise_record", "reason": "已通知疾控中心和水务部门赶赴现场", "payload": {"method": "phone", "reason": "emergency", "record_id": 6, "supervision_id": 4}, "order_no": "110101-20261202-000008", "to_state": "accepted", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.648887+00:00", "id": 43, "role": "agent", "actor": "话务员 0109", "action": "accept", "reason": null, "payload": {"topic": "cxjs-gr", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "家中暖气不热，室温只有十四度", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000009", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.651325+00:00", "id": 44, "role": "agent", "actor": "话务员 0110", "action": "accept", "reason": null, "payload": {"topic": "cxjs-gr", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "暖气还是不热，再次反映", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000010", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.651325+00:00", "id": 45, "role": "system", "actor": "system", "action": "repeat", "reason": null, "payload": {"kind": "one_person", "rule": "repeat_person", "carrier": "110101-20261202-000009", "matches": ["110101-20261202-000009"], "members": 2, "group_id": 1, "similarity": 1.000}, "order_no": "110101-20261202-000010", "to_state": "accepted", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.667581+00:00", "id": 46, "role": "dispatcher", "actor": "postgres", "action": "merge", "reason": null, "payload": {"into": "110101-20261202-000009"}, "order_no": "110101-20261202-000010", "to_state": "merged", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.667581+00:00", "id": 47, "role": "dispatcher", "actor": "postgres", "action": "merged_in", "reason": null, "payload": {"from": "110101-20261202-000010"}, "order_no": "110101-20261202-000009", "to_state": null, "from_state": null, "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.669529+00:00", "id": 48, "role": "dispatcher", "actor": "postgres", "action": "dispatch", "reason": null, "payload": {"opinion": "请督促供热单位排查", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "written"}, "order_no": "110101-20261202-000009", "to_state": "dispatched", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.672649+00:00", "id": 49, "role": "agent", "actor": "话务员 0111", "action": "answer", "reason": null, "payload": {"region": "110101", "result": "已告知所需材料和办理地点", "channel": "phone", "urgency": "normal", "appeal_type": "consultation", "description": "咨询居住证办理需要哪些材料", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000011", "to_state": "answered", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.681041+00:00", "id": 50, "role": "agent", "actor": "话务员 0112", "action": "reject", "reason": "属于公安110职责，已转接", "payload": {"reason": "属于公安110职责，已转接", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "report", "description": "有人在街上打架", "confidential": false, "source_hotline": "12345", "emergency_referral": "110"}, "order_no": "110101-20261202-000012", "to_state": "not_accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.687942+00:00", "id": 51, "role": "agent", "actor": "话务员 0113", "action": "accept", "reason": null, "payload": {"region": "110101", "channel": "website", "urgency": "normal", "appeal_type": "suggestion", "description": "建议增设公共自行车停放点", "confidential": false, "source_hotline": "12345"}, "order_no": "110101-20261202-000013", "to_state": "accepted", "from_state": "new", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.689302+00:00", "id": 52, "role": "supervisor", "actor": "督办员 01", "action": "terminate", "reason": "市民撤回诉求", "payload": {"reason": "市民撤回诉求"}, "order_no": "110101-20261202-000013", "to_state": "terminated", "from_state": "accepted", "assignment_id": null}
order_event	{"at": "2026-12-02T01:38:20.704854+00:00", "id": 53, "role": "system", "actor": "hotline.sweep", "action": "hasten", "reason": null, "payload": {"n": 1, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply"}, "order_no": "110101-20261202-000004", "to_state": "signed", "from_state": "signed", "assignment_id": 6}
order_event	{"at": "2026-12-02T01:38:20.704854+00:00", "id": 54, "role": "system", "actor": "hotline.sweep", "action": "remind", "reason": null, "payload": {"n": 1, "due": "2026-12-04T01:38:20.701566+00:00", "rule": "remind_reply"}, "order_no": "110101-20261202-000005", "to_state": "signed", "from_state": "signed", "assignment_id": 7}
order_event	{"at": "2026-12-02T01:38:20.748873+00:00", "id": 55, "role": "system", "actor": "hotline.sweep", "action": "hasten", "reason": null, "payload": {"n": 2, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply"}, "order_no": "110101-20261202-000004", "to_state": "signed", "from_state": "signed", "assignment_id": 6}
order_event	{"at": "2026-12-02T01:38:20.748873+00:00", "id": 56, "role": "system", "actor": "hotline.sweep", "action": "public_notice", "reason": null, "payload": {"due": "2026-12-01T01:38:20.700623+00:00", "notice": 1, "hastenings": 2}, "order_no": "110101-20261202-000004", "to_state": "dispatched", "from_state": "dispatched", "assignment_id": 6}
order_event	{"at": "2026-12-02T01:38:20.748873+00:00", "id": 57, "role": "system", "actor": "hotline.sweep", "action": "supervise", "reason": "【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。", "payload": {"rule": "public_notice", "unit": "dc-zjw", "reason": "notice", "supervision_id": 5}, "order_no": "110101-20261202-000004", "to_state": "dispatched", "from_state": "dispatched", "assignment_id": 6}
order_number_seq	{"day": "2026-12-02", "region": "110101", "last_seq": 13}
outbox	{"id": 2, "state": "pending", "channel": "system", "payload": {"text": "工单 110101-20261202-000003 已列入督办 (manual)", "unit": "dc-gov", "method": "phone", "reason": "manual", "order_no": "110101-20261202-000003", "supervision_id": 2, "person_in_charge": "督办科 王科长"}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000003", "template": "supervise", "dedup_key": "supervise:2", "claimed_by": null, "created_at": "2026-12-02T01:38:20.49288+00:00", "last_error": null, "assignment_id": null, "claimed_until": null, "recipient_user": "supervisors", "next_attempt_at": "2026-12-02T01:38:20.49288+00:00", "recipient_unit_id": null}
outbox	{"id": 3, "state": "pending", "channel": "system", "payload": {"rule": "bad_handling", "text": "工单 110101-20261202-000007 已列入督办 (sent_back)", "unit": "dc-cgw", "reason": "sent_back", "order_no": "110101-20261202-000007", "supervision_id": 3}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000007", "template": "supervise", "dedup_key": "supervise:3", "claimed_by": null, "created_at": "2026-12-02T01:38:20.616839+00:00", "last_error": null, "assignment_id": null, "claimed_until": null, "recipient_user": "supervisors", "next_attempt_at": "2026-12-02T01:38:20.616839+00:00", "recipient_unit_id": null}
outbox	{"id": 4, "state": "pending", "channel": "system", "payload": {"rule": "emergency", "text": "工单 110101-20261202-000008 已列入督办 (emergency)", "reason": "emergency", "order_no": "110101-20261202-000008", "supervision_id": 4}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000008", "template": "supervise", "dedup_key": "supervise:4", "claimed_by": null, "created_at": "2026-12-02T01:38:20.620256+00:00", "last_error": null, "assignment_id": null, "claimed_until": null, "recipient_user": "supervisors", "next_attempt_at": "2026-12-02T01:38:20.620256+00:00", "recipient_unit_id": null}
outbox	{"id": 7, "state": "pending", "channel": "system", "payload": {"kind": "one_person", "rule": "repeat_person", "text": "一人多次: 工单 110101-20261202-000010 与 1 件同一市民同类诉求归为一组 (第 1 组), 可并入 110101-20261202-000009", "carrier": "110101-20261202-000009", "members": 2, "group_id": 1, "order_no": "110101-20261202-000010"}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000010", "template": "repeat", "dedup_key": "repeat:1:110101-20261202-000010", "claimed_by": null, "created_at": "2026-12-02T01:38:20.651325+00:00", "last_error": null, "assignment_id": null, "claimed_until": null, "recipient_user": "dispatchers", "next_attempt_at": "2026-12-02T01:38:20.651325+00:00", "recipient_unit_id": null}
outbox	{"id": 8, "state": "pending", "channel": "sms", "payload": {"n": 1, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply", "text": "【12345热线】催办：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，第1次催办，请立即办理并答复。", "order_no": "110101-20261202-000004"}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000004", "template": "hasten", "dedup_key": "hasten:24:1", "claimed_by": null, "created_at": "2026-12-02T01:38:20.704854+00:00", "last_error": null, "assignment_id": 6, "claimed_until": null, "recipient_user": null, "next_attempt_at": "2026-12-02T01:38:20.704854+00:00", "recipient_unit_id": 2}
outbox	{"id": 9, "state": "pending", "channel": "sms", "payload": {"n": 1, "due": "2026-12-04T01:38:20.701566+00:00", "rule": "remind_reply", "text": "【12345热线】提醒：东城区城市管理委员会承办的工单110101-20261202-000005将于2026-12-04 09:38到期，请抓紧办理并答复。", "order_no": "110101-20261202-000005"}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000005", "template": "remind", "dedup_key": "remind:29:1", "claimed_by": null, "created_at": "2026-12-02T01:38:20.704854+00:00", "last_error": null, "assignment_id": 7, "claimed_until": null, "recipient_user": null, "next_attempt_at": "2026-12-02T01:38:20.704854+00:00", "recipient_unit_id": 3}
outbox	{"id": 10, "state": "pending", "channel": "sms", "payload": {"n": 2, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply", "text": "【12345热线】催办：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，第2次催办，请立即办理并答复。", "order_no": "110101-20261202-000004"}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000004", "template": "hasten", "dedup_key": "hasten:24:2", "claimed_by": null, "created_at": "2026-12-02T01:38:20.748873+00:00", "last_error": null, "assignment_id": 6, "claimed_until": null, "recipient_user": null, "next_attempt_at": "2026-12-02T01:38:20.748873+00:00", "recipient_unit_id": 2}
outbox	{"id": 11, "state": "pending", "channel": "system", "payload": {"text": "【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。", "notice": 1, "order_no": "110101-20261202-000004", "hastenings": 2}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000004", "template": "notice", "dedup_key": "notice:1", "claimed_by": null, "created_at": "2026-12-02T01:38:20.748873+00:00", "last_error": null, "assignment_id": 6, "claimed_until": null, "recipient_user": "supervisors", "next_attempt_at": "2026-12-02T01:38:20.748873+00:00", "recipient_unit_id": null}
supervision_record	{"at": "2026-12-02T01:38:20.641352+00:00", "id": 6, "note": "已通知疾控中心和水务部门赶赴现场", "actor": "值班长 02", "method": "phone", "supervision_id": 4}
outbox	{"id": 12, "state": "pending", "channel": "system", "payload": {"rule": "public_notice", "text": "工单 110101-20261202-000004 已列入督办 (notice)", "unit": "dc-zjw", "reason": "notice", "order_no": "110101-20261202-000004", "supervision_id": 5}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000004", "template": "supervise", "dedup_key": "supervise:5", "claimed_by": null, "created_at": "2026-12-02T01:38:20.748873+00:00", "last_error": null, "assignment_id": 6, "claimed_until": null, "recipient_user": "supervisors", "next_attempt_at": "2026-12-02T01:38:20.748873+00:00", "recipient_unit_id": null}
outbox	{"id": 13, "state": "pending", "channel": "system", "payload": {"text": "【12345热线】回访任务：工单110101-20261202-000006已抽中回访，请于2026-12-05 00:00前回访诉求人。", "order_no": "110101-20261202-000006", "callback_due": "2026-12-04T16:00:00+00:00"}, "sent_at": null, "attempts": 0, "order_no": "110101-20261202-000006", "template": "callback_task", "dedup_key": "callback_task:110101-20261202-000006", "claimed_by": null, "created_at": "2026-12-02T01:38:20.783868+00:00", "last_error": null, "assignment_id": null, "claimed_until": null, "recipient_user": "callback_agents", "next_attempt_at": "2026-12-02T01:38:20.783868+00:00", "recipient_unit_id": null}
outbox	{"id": 5, "state": "sent", "channel": "sms", "payload": {"text": "突发事件报告: 工单 110101-20261202-000008 (public_health) 小区多人出现腹泻呕吐症状，疑似饮用水污染", "region": "110101", "address": "和平里北街 5 号院", "order_no": "110101-20261202-000008", "accepted_at": "2026-12-02T01:38:20.620256+00:00", "description": "小区多人出现腹泻呕吐症状，疑似饮用水污染", "emergency_kind": "public_health"}, "sent_at": "2026-12-02T01:38:20.818198+00:00", "attempts": 1, "order_no": "110101-20261202-000008", "template": "emergency", "dedup_key": "emergency:110101-20261202-000008:emergency_department", "claimed_by": "sms-gw-1", "created_at": "2026-12-02T01:38:20.620256+00:00", "last_error": null, "assignment_id": null, "claimed_until": null, "recipient_user": "emergency_department", "next_attempt_at": "2026-12-02T01:38:20.620256+00:00", "recipient_unit_id": null}
outbox	{"id": 6, "state": "pending", "channel": "sms", "payload": {"text": "突发事件报告: 工单 110101-20261202-000008 (public_health) 小区多人出现腹泻呕吐症状，疑似饮用水污染", "region": "110101", "address": "和平里北街 5 号院", "order_no": "110101-20261202-000008", "accepted_at": "2026-12-02T01:38:20.620256+00:00", "description": "小区多人出现腹泻呕吐症状，疑似饮用水污染", "emergency_kind": "public_health"}, "sent_at": null, "attempts": 1, "order_no": "110101-20261202-000008", "template": "emergency", "dedup_key": "emergency:110101-20261202-000008:duty_office", "claimed_by": "sms-gw-1", "created_at": "2026-12-02T01:38:20.620256+00:00", "last_error": "HTTP 503", "assignment_id": null, "claimed_until": null, "recipient_user": "duty_office", "next_attempt_at": "2026-12-02T01:39:20.835279+00:00", "recipient_unit_id": null}
outbox	{"id": 1, "state": "claimed", "channel": "system", "payload": {"rule": "bad_handling", "text": "工单 110101-20261202-000002 已列入督办 (returned)", "unit": "dc-zjw", "reason": "returned", "order_no": "110101-20261202-000002", "supervision_id": 1}, "sent_at": null, "attempts": 1, "order_no": "110101-20261202-000002", "template": "supervise", "dedup_key": "supervise:1", "claimed_by": "sys-gw-1", "created_at": "2026-12-02T01:38:20.416898+00:00", "last_error": null, "assignment_id": 3, "claimed_until": "2026-12-02T02:38:20.839692+00:00", "recipient_user": "supervisors", "next_attempt_at": "2026-12-02T01:38:20.416898+00:00", "recipient_unit_id": null}
public_notice	{"id": 1, "text": "【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。", "due_at": "2026-12-01T01:38:20.700623+00:00", "unit_id": 2, "alarm_id": 24, "order_no": "110101-20261202-000004", "issued_at": "2026-12-02T01:38:20.748873+00:00", "hastenings": 2, "assignment_id": 6}
repeat_group	{"id": 1, "kind": "one_person", "rule": "repeat_person", "topic_id": 2, "opened_at": "2026-12-02T01:38:20.651325+00:00", "citizen_id": 7, "supervised": false, "last_added_at": "2026-12-02T01:38:20.651325+00:00"}
repeat_member	{"added_at": "2026-12-02T01:38:20.651325+00:00", "group_id": 1, "order_no": "110101-20261202-000009", "similarity": 1}
repeat_member	{"added_at": "2026-12-02T01:38:20.651325+00:00", "group_id": 1, "order_no": "110101-20261202-000010", "similarity": 1}
supervision	{"id": 1, "rule": "bad_handling", "method": null, "reason": "returned", "result": null, "unit_id": 2, "group_id": null, "order_no": "110101-20261202-000002", "closed_at": null, "closed_by": null, "opened_at": "2026-12-02T01:38:20.416898+00:00", "opened_by": "system", "assignment_id": 3, "person_in_charge": null}
supervision	{"id": 2, "rule": null, "method": "phone", "reason": "manual", "result": "占道经营已清理，市民认可", "unit_id": 1, "group_id": null, "order_no": "110101-20261202-000003", "closed_at": "2026-12-02T01:38:20.508844+00:00", "closed_by": "督办员 01", "opened_at": "2026-12-02T01:38:20.49288+00:00", "opened_by": "督办员 01", "assignment_id": null, "person_in_charge": "督办科 王科长"}
supervision	{"id": 3, "rule": "bad_handling", "method": null, "reason": "sent_back", "result": null, "unit_id": 3, "group_id": null, "order_no": "110101-20261202-000007", "closed_at": null, "closed_by": null, "opened_at": "2026-12-02T01:38:20.616839+00:00", "opened_by": "system", "assignment_id": null, "person_in_charge": null}
supervision	{"id": 4, "rule": "emergency", "method": "phone", "reason": "emergency", "result": null, "unit_id": null, "group_id": null, "order_no": "110101-20261202-000008", "closed_at": null, "closed_by": null, "opened_at": "2026-12-02T01:38:20.620256+00:00", "opened_by": "system", "assignment_id": null, "person_in_charge": null}
supervision	{"id": 5, "rule": "public_notice", "method": null, "reason": "notice", "result": null, "unit_id": 2, "group_id": null, "order_no": "110101-20261202-000004", "closed_at": null, "closed_by": null, "opened_at": "2026-12-02T01:38:20.748873+00:00", "opened_by": "hotline.sweep", "assignment_id": 6, "person_in_charge": null}
supervision_record	{"at": "2026-12-02T01:38:20.416898+00:00", "id": 1, "note": "退单 1 次", "actor": "system", "method": null, "supervision_id": 1}
supervision_record	{"at": "2026-12-02T01:38:20.49288+00:00", "id": 2, "note": "市民多次来电，电话督促街道处理", "actor": "督办员 01", "method": "phone", "supervision_id": 2}
supervision_record	{"at": "2026-12-02T01:38:20.496853+00:00", "id": 3, "note": "街道已到现场劝离摊贩", "actor": "督办员 01", "method": "on_site", "supervision_id": 2}
supervision_record	{"at": "2026-12-02T01:38:20.748873+00:00", "id": 7, "note": "【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。", "actor": "hotline.sweep", "method": null, "supervision_id": 5}
topic	{"id": 1, "code": "csgl", "name": "城市管理", "active": true, "parent_id": null}
topic	{"id": 2, "code": "cxjs-gr", "name": "供热", "active": true, "parent_id": null}
topic	{"id": 3, "code": "wsjk", "name": "卫生健康", "active": true, "parent_id": null}
topic	{"id": 4, "code": "csgl-ldzm", "name": "路灯照明", "active": true, "parent_id": 1}
unit	{"id": 2, "code": "dc-zjw", "kind": "department", "name": "东城区住房和城市建设委员会", "level": 1, "active": true, "region": "110101", "calendar": "cn", "parent_id": null}
unit	{"id": 3, "code": "dc-cgw", "kind": "department", "name": "东城区城市管理委员会", "level": 1, "active": true, "region": "110101", "calendar": "dongcheng", "parent_id": null}
unit	{"id": 4, "code": "dc-dhm", "kind": "subdistrict", "name": "东华门街道办事处", "level": 2, "active": true, "region": "110101", "calendar": "cn", "parent_id": 1}
unit	{"id": 1, "code": "dc-gov", "kind": "district", "name": "北京市东城区人民政府", "level": 1, "active": true, "region": "110101", "calendar": "cn", "parent_id": null}
work_order	{"state": "archived", "demand": "尽快修复", "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000001", "topic_id": 4, "workflow": "appeal_12345", "closed_at": "2026-12-02T01:38:20.382443+00:00", "longitude": null, "reply_due": "2026-12-11T16:00:00+00:00", "citizen_id": 1, "updated_at": "2026-12-02T01:38:20.388865+00:00", "accepted_at": "2026-12-02T01:38:20.253645+00:00", "accepted_by": "话务员 0101", "appeal_type": "help", "archived_at": "2026-12-02T01:38:20.388865+00:00", "description": "东直门北小街路灯连续一周不亮", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": "王女士", "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "returned", "demand": null, "region": "110101", "address": null, "channel": "wechat", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000002", "topic_id": null, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": null, "citizen_id": 2, "updated_at": "2026-12-02T01:38:20.416898+00:00", "accepted_at": "2026-12-02T01:38:20.390394+00:00", "accepted_by": "话务员 0102", "appeal_type": "complaint", "archived_at": null, "description": "小区垃圾清运不及时，楼道堆满垃圾", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": "2026-12-04T16:00:00+00:00", "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "dispatched", "demand": null, "region": "110101", "address": "东华门大街 12 号", "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000003", "topic_id": null, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": "2026-12-11T16:00:00+00:00", "citizen_id": null, "updated_at": "2026-12-02T01:38:20.456862+00:00", "accepted_at": "2026-12-02T01:38:20.448867+00:00", "accepted_by": "话务员 0103", "appeal_type": "complaint", "archived_at": null, "description": "东华门大街占道经营，晚间噪音扰民", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "dispatched", "demand": null, "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000004", "topic_id": null, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": "2026-12-04T16:00:00+00:00", "citizen_id": 3, "updated_at": "2026-12-02T01:38:20.520851+00:00", "accepted_at": "2026-12-02T01:38:20.510322+00:00", "accepted_by": "话务员 0104", "appeal_type": "complaint", "archived_at": null, "description": "小区电梯停运三天，老人上下楼困难", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "dispatched", "demand": null, "region": "110101", "address": "北新桥三条胡同口", "channel": "app", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000005", "topic_id": null, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": "2026-12-11T16:00:00+00:00", "citizen_id": null, "updated_at": "2026-12-02T01:38:20.548852+00:00", "accepted_at": "2026-12-02T01:38:20.534357+00:00", "accepted_by": "话务员 0105", "appeal_type": "help", "archived_at": null, "description": "胡同口井盖缺失，夜间行人易跌落", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "redo", "demand": null, "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000007", "topic_id": null, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": "2026-12-09T16:00:00+00:00", "citizen_id": 5, "updated_at": "2026-12-02T01:38:20.616839+00:00", "accepted_at": "2026-12-02T01:38:20.603582+00:00", "accepted_by": "话务员 0107", "appeal_type": "complaint", "archived_at": null, "description": "工地夜间施工噪音扰民", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "accepted", "demand": null, "region": "110101", "address": "和平里北街 5 号院", "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000008", "topic_id": 3, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": null, "citizen_id": 6, "updated_at": "2026-12-02T01:38:20.620256+00:00", "accepted_at": "2026-12-02T01:38:20.620256+00:00", "accepted_by": "话务员 0108", "appeal_type": "report", "archived_at": null, "description": "小区多人出现腹泻呕吐症状，疑似饮用水污染", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": "2026-12-04T16:00:00+00:00", "emergency_kind": "public_health", "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "merged", "demand": null, "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000010", "topic_id": 2, "workflow": "appeal_12345", "closed_at": "2026-12-02T01:38:20.667581+00:00", "longitude": null, "reply_due": null, "citizen_id": 7, "updated_at": "2026-12-02T01:38:20.667581+00:00", "accepted_at": "2026-12-02T01:38:20.651325+00:00", "accepted_by": "话务员 0110", "appeal_type": "complaint", "archived_at": null, "description": "暖气还是不热，再次反映", "merged_into": "110101-20261202-000009", "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": "2026-12-04T16:00:00+00:00", "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "dispatched", "demand": null, "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000009", "topic_id": 2, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": "2026-12-11T16:00:00+00:00", "citizen_id": 7, "updated_at": "2026-12-02T01:38:20.669529+00:00", "accepted_at": "2026-12-02T01:38:20.648887+00:00", "accepted_by": "话务员 0109", "appeal_type": "complaint", "archived_at": null, "description": "家中暖气不热，室温只有十四度", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": "李先生", "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "answered", "demand": null, "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000011", "topic_id": null, "workflow": "appeal_12345", "closed_at": "2026-12-02T01:38:20.672649+00:00", "longitude": null, "reply_due": null, "citizen_id": null, "updated_at": "2026-12-02T01:38:20.672649+00:00", "accepted_at": "2026-12-02T01:38:20.672649+00:00", "accepted_by": "话务员 0111", "appeal_type": "consultation", "archived_at": null, "description": "咨询居住证办理需要哪些材料", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "not_accepted", "demand": null, "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000012", "topic_id": null, "workflow": "appeal_12345", "closed_at": "2026-12-02T01:38:20.681041+00:00", "longitude": null, "reply_due": null, "citizen_id": null, "updated_at": "2026-12-02T01:38:20.681041+00:00", "accepted_at": "2026-12-02T01:38:20.681041+00:00", "accepted_by": "话务员 0112", "appeal_type": "report", "archived_at": null, "description": "有人在街上打架", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": "110"}
work_order	{"state": "terminated", "demand": null, "region": "110101", "address": null, "channel": "website", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000013", "topic_id": null, "workflow": "appeal_12345", "closed_at": "2026-12-02T01:38:20.689302+00:00", "longitude": null, "reply_due": null, "citizen_id": null, "updated_at": "2026-12-02T01:38:20.689302+00:00", "accepted_at": "2026-12-02T01:38:20.687942+00:00", "accepted_by": "话务员 0113", "appeal_type": "suggestion", "archived_at": null, "description": "建议增设公共自行车停放点", "merged_into": null, "occurred_at": null, "callback_due": null, "confidential": false, "contact_name": null, "dispatch_due": "2026-12-04T16:00:00+00:00", "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": null, "emergency_referral": null}
work_order	{"state": "reviewed", "demand": null, "region": "110101", "address": null, "channel": "phone", "urgency": "normal", "latitude": null, "order_no": "110101-20261202-000006", "topic_id": null, "workflow": "appeal_12345", "closed_at": null, "longitude": null, "reply_due": "2026-12-11T16:00:00+00:00", "citizen_id": 4, "updated_at": "2026-12-02T01:38:20.597381+00:00", "accepted_at": "2026-12-02T01:38:20.571559+00:00", "accepted_by": "话务员 0106", "appeal_type": "help", "archived_at": null, "description": "单元门禁损坏无法关闭", "merged_into": null, "occurred_at": null, "callback_due": "2026-12-04T16:00:00+00:00", "confidential": false, "contact_name": null, "dispatch_due": null, "emergency_kind": null, "source_hotline": "12345", "accused_unit_id": null, "callback_sampled": true, "emergency_referral": null}
workflow	{"name": "appeal_12345", "builtin": true, "version": 1, "calendar": "cn", "description": "12345 citizen appeal (12345热线诉求办理): accept (受理), not accepted (不受理), direct answer (直接办理), dispatch (派单) to lead and assisting units (牵头/协办), sign for (签收), return (退单), extension (延期), pass down (下派), reply (答复), review (审核), send back (发回重办), callback (回访), close (办结), archive (归档), terminate (终结), merge (并案)", "initial_state": "new"}
workflow_action	{"roles": ["agent", "supervisor"], "scope": "order", "action": "accept", "effects": {"set_due": [{"column": "dispatch_due", "deadline": "dispatch"}]}, "to_state": "accepted", "workflow": "appeal_12345", "description": "受理: register the appeal as a work order; it must be dispatched within 2 working days (R-2, R-4.1)", "from_states": ["new"], "reason_required": false, "required_params": ["region", "appeal_type", "channel", "description"]}
workflow_action	{"roles": ["agent", "supervisor"], "scope": "order", "action": "reject", "effects": {"close_order": true}, "to_state": "not_accepted", "workflow": "appeal_12345", "description": "不受理: not accepted, with a reason; params emergency_referral (110/119/120/122) records a hand-over (R-2.2)", "from_states": ["new"], "reason_required": true, "required_params": ["region", "appeal_type", "channel", "description"]}
workflow_action	{"roles": ["agent", "supervisor"], "scope": "order", "action": "answer", "effects": {"close_order": true}, "to_state": "answered", "workflow": "appeal_12345", "description": "直接办理: answered on the spot; params result, and knowledge_article or three_way_unit (三方通话); closed on answering (R-3)", "from_states": ["new"], "reason_required": false, "required_params": ["region", "appeal_type", "channel", "description", "result"]}
workflow_action	{"roles": ["dispatcher", "supervisor"], "scope": "order", "action": "dispatch", "effects": {"assign": {"state": "dispatched", "sign_deadline": "sign", "reply_deadline": "reply"}, "set_due": {"column": "dispatch_due", "deadline": null}}, "to_state": "dispatched", "workflow": "appeal_12345", "description": "派单/转办: to a lead unit and assisting units with an opinion; sign and reply deadlines per dispatch mode (R-4.2, R-4.3, R-4.4); never to the accused unit (R-4.6)", "from_states": ["accepted", "returned"], "reason_required": false, "required_params": ["lead_unit", "dispatch_mode", "opinion"]}
workflow_action	{"roles": ["unit"], "scope": "assignment", "action": "sign_for", "effects": {"stamp": "signed_at"}, "to_state": "signed", "workflow": "appeal_12345", "description": "签收: the unit acknowledges the dispatch (R-4.7)", "from_states": ["dispatched"], "reason_required": false, "required_params": []}
workflow_action	{"roles": ["unit"], "scope": "assignment", "action": "return_order", "effects": {"set_due": {"column": "dispatch_due", "deadline": "dispatch"}, "order_state": "returned", "close_assignment": true}, "to_state": "returned", "workflow": "appeal_12345", "description": "退单: the unit says it is not theirs, with a reason; the order goes back to the hotline for re-dispatch (R-4.7)", "from_states": ["dispatched", "signed"], "reason_required": true, "required_params": []}
workflow_action	{"roles": ["unit"], "scope": "assignment", "action": "request_extension", "effects": {}, "to_state": "extension_requested", "workflow": "appeal_12345", "description": "延期申请: before the deadline, with a reason; params requested_deadline optional (R-4.8)", "from_states": ["signed"], "reason_required": true, "required_params": []}
workflow_action	{"roles": ["dispatcher", "supervisor"], "scope": "assignment", "action": "approve_extension", "effects": {"extend_due": true}, "to_state": "signed", "workflow": "appeal_12345", "description": "延期审批 (同意): the hotline grants a new, later reply deadline (R-4.8)", "from_states": ["extension_requested"], "reason_required": false, "required_params": ["new_deadline"]}
workflow_action	{"roles": ["dispatcher", "supervisor"], "scope": "assignment", "action": "refuse_extension", "effects": {}, "to_state": "signed", "workflow": "appeal_12345", "description": "延期审批 (不同意): the hotline refuses, with a reason; the deadline stays (R-4.8)", "from_states": ["extension_requested"], "reason_required": true, "required_params": []}
workflow_action	{"roles": ["unit"], "scope": "assignment", "action": "pass_down", "effects": {"pass_down": {"state": "dispatched", "reply_deadline": "sub_reply"}}, "to_state": "passed_down", "workflow": "appeal_12345", "description": "下派: a first-level unit passes the order to its sub-units; it reviews their replies before replying up (R-4.5)", "from_states": ["signed"], "reason_required": false, "required_params": ["sub_units"]}
workflow_action	{"roles": ["unit"], "scope": "assignment", "action": "reply", "effects": {"stamp": "replied_at", "order_state_when_all": {"order_state": "replied", "ignore_states": ["returned"], "assignment_states": ["replied", "closed"]}}, "to_state": "replied", "workflow": "appeal_12345", "description": "答复/反馈: the result, covering every item, whether (contacted) and how (contact_method) the citizen was contacted; when every unit has replied the order goes to review (R-6.1, R-6.2)", "from_states": ["signed", "redo", "passed_down"], "reason_required": false, "required_params": ["result", "contacted"]}
workflow_action	{"roles": ["dispatcher", "supervisor"], "scope": "assignment", "action": "withdraw", "effects": {"close_assignment": true, "order_state_when_all": {"order_state": "replied", "ignore_states": ["returned"], "assignment_states": ["replied", "closed"]}}, "to_state": "closed", "workflow": "appeal_12345", "description": "撤回: the hotline withdraws an assisting unit that is no longer needed, with a reason (R-4.4)", "from_states": ["dispatched", "signed", "extension_requested", "passed_down", "redo"], "reason_required": true, "required_params": []}
workflow_action	{"roles": ["dispatcher", "supervisor"], "scope": "order", "action": "resume", "effects": {"set_due": {"column": "dispatch_due", "deadline": null}, "order_state_when_all": {"order_state": "replied", "ignore_states": ["returned"], "assignment_states": ["replied", "closed"]}}, "to_state": "dispatched", "workflow": "appeal_12345", "description": "继续办理: an assisting unit returned the order and needs no replacement; the lead unit (still assigned) carries on, and if every remaining unit has replied the order goes to review (R-4.4, R-4.7)", "from_states": ["returned"], "reason_required": false, "required_params": []}
workflow_action	{"roles": ["reviewer", "supervisor"], "scope": "order", "action": "approve_reply", "effects": {"set_due": [{"column": "callback_due", "deadline": "callback"}]}, "to_state": "reviewed", "workflow": "appeal_12345", "description": "审核通过: the hotline accepts the reply; callback due in 2 working days (R-6.3, R-7)", "from_states": ["replied"], "reason_required": false, "required_params": []}
workflow_action	{"roles": ["reviewer", "supervisor"], "scope": "order", "action": "send_back", "effects": {"reopen_assignments": {"state": "redo", "from_states": ["replied"], "reply_deadline": "redo"}}, "to_state": "redo", "workflow": "appeal_12345", "description": "发回重办: the reply is not accepted, with a reason; the units redo it (R-6.3, R-5.4)", "from_states": ["replied"], "reason_required": true, "required_params": []}
workflow_action	{"roles": ["agent", "reviewer", "supervisor"], "scope": "order", "action": "callback", "effects": {"set_due": {"column": "callback_due", "deadline": null}}, "to_state": "callback_done", "workflow": "appeal_12345", "description": "回访: satisfaction with the process and with the result, or unreachable; params note optional (R-7.2, R-7.4)", "from_states": ["reviewed"], "reason_required": false, "required_params": ["process_satisfaction", "result_satisfaction"]}
workflow_action	{"roles": ["agent", "reviewer", "supervisor"], "scope": "order", "action": "callback_redo", "effects": {"set_due": {"column": "callback_due", "deadline": null}, "reopen_assignments": {"state": "redo", "from_states": ["replied"], "reply_deadline": "redo"}}, "to_state": "redo", "workflow": "appeal_12345", "description": "回访不满意重办: dissatisfied with both process and result, back to the units for redo (R-7.3)", "from_states": ["reviewed"], "reason_required": false, "required_params": ["process_satisfaction", "result_satisfaction"]}
workflow_action	{"roles": ["reviewer", "supervisor", "system"], "scope": "order", "action": "close", "effects": {"set_due": {"column": "callback_due", "deadline": null}, "close_order": true}, "to_state": "closed", "workflow": "appeal_12345", "description": "办结: handling is finished; from reviewed when the order was not sampled for callback (R-7.1, R-8.1)", "from_states": ["reviewed", "callback_done"], "reason_required": false, "required_params": []}
workflow_action	{"roles": ["reviewer", "supervisor", "system"], "scope": "order", "action": "archive", "effects": {"archive_order": true}, "to_state": "archived", "workflow": "appeal_12345", "description": "归档: file a closed or directly answered order (R-8.1)", "from_states": ["closed", "answered"], "reason_required": false, "required_params": []}
workflow_hook	{"action": "callback_redo", "timing": "before", "function": "appeal_12345_check(order_no,bigint,text,jsonb)", "position": 7, "workflow": "appeal_12345"}
workflow_action	{"roles": ["supervisor"], "scope": "order", "action": "terminate", "effects": {"close_order": true}, "to_state": "terminated", "workflow": "appeal_12345", "description": "终结: ended without a result, with a reason", "from_states": ["accepted", "dispatched", "returned", "replied", "redo", "reviewed", "callback_done"], "reason_required": true, "required_params": []}
workflow_action	{"roles": ["dispatcher", "supervisor"], "scope": "order", "action": "merge", "effects": {"merge_into": true, "close_order": true}, "to_state": "merged", "workflow": "appeal_12345", "description": "并案: one matter, many orders: merged into another open order, which carries it (R-2.4)", "from_states": ["accepted", "dispatched", "returned", "replied", "redo"], "reason_required": false, "required_params": ["into"]}
workflow_escalation	{"due": "reply_due", "kind": "remind", "rule": "remind_reply", "every": null, "share": 0.8, "before": null, "states": ["dispatched", "signed", "extension_requested", "passed_down", "redo"], "builtin": true, "channel": "sms", "enabled": true, "settings": {}, "template": "remind", "workflow": "appeal_12345", "on_actions": null, "description": "临期提醒: the unit is reminded once when 80% of its working time to reply has passed (R-5.1, R-12.5)", "notice_after": null}
workflow_escalation	{"due": "sign_due", "kind": "remind", "rule": "remind_sign", "every": null, "share": null, "before": "2 working hours", "states": ["dispatched"], "builtin": true, "channel": "sms", "enabled": true, "settings": {}, "template": "remind_sign", "workflow": "appeal_12345", "on_actions": null, "description": "签收提醒: the unit is reminded once 2 working hours before its sign-for deadline (R-4.7, R-5.1)", "notice_after": null}
workflow_escalation	{"due": "reply_due", "kind": "hasten", "rule": "hasten_reply", "every": "1 working day", "share": null, "before": null, "states": ["dispatched", "signed", "extension_requested", "passed_down", "redo"], "builtin": true, "channel": "sms", "enabled": true, "settings": {}, "template": "hasten", "workflow": "appeal_12345", "on_actions": null, "description": "超期催办: overdue without a reply, the unit is hastened, again every working day it stays overdue; hastened twice and still not done: public notice (通报) (R-5.4)", "notice_after": 2}
workflow_escalation	{"due": "dispatch_due", "kind": "remind", "rule": "remind_dispatch", "every": null, "share": null, "before": "4 working hours", "states": ["accepted", "returned"], "builtin": true, "channel": "system", "enabled": true, "settings": {"recipient_user": "dispatchers"}, "template": "remind_dispatch", "workflow": "appeal_12345", "on_actions": null, "description": "派单提醒: the hotline's dispatchers are reminded 4 working hours before an order must be dispatched (R-4.1)", "notice_after": null}
workflow_escalation	{"due": "callback_due", "kind": "remind", "rule": "remind_callback", "every": null, "share": null, "before": "4 working hours", "states": ["reviewed"], "builtin": true, "channel": "system", "enabled": true, "settings": {"recipient_user": "callback_agents"}, "template": "remind_callback", "workflow": "appeal_12345", "on_actions": null, "description": "回访提醒: the callback agents are reminded 4 working hours before a callback is due (R-7)", "notice_after": null}
workflow_escalation	{"due": null, "kind": "emergency", "rule": "emergency", "every": null, "share": null, "before": null, "states": null, "builtin": true, "channel": "sms", "enabled": true, "settings": {"notify": ["emergency_department", "duty_office"]}, "template": "emergency", "workflow": "appeal_12345", "on_actions": ["accept"], "description": "突发事件报告: an emergency, disaster, public-health or public-security matter is reported to the emergency department and the duty office at once and put under supervision (R-2.3, R-5.2)", "notice_after": null}
workflow_escalation	{"due": null, "kind": "repeat_person", "rule": "repeat_person", "every": null, "share": null, "before": null, "states": null, "builtin": true, "channel": "system", "enabled": true, "settings": {"window": "30 days", "supervise_at": 3}, "template": "repeat", "workflow": "appeal_12345", "on_actions": ["accept"], "description": "一人多次: the same citizen on the same topic within 30 days is grouped and offered for merge; at 3 orders the group is supervised (R-2.4, R-5.2)", "notice_after": null}
workflow_escalation	{"due": null, "kind": "repeat_matter", "rule": "repeat_matter", "every": null, "share": null, "before": null, "states": null, "builtin": true, "channel": "system", "enabled": true, "settings": {"window": "7 days", "distance_m": 200, "similarity": 0.1, "supervise_at": 5, "place_similarity": 0.4}, "template": "repeat", "workflow": "appeal_12345", "on_actions": ["accept"], "description": "一事多人: different citizens on the same topic and place with similar text within 7 days are grouped and offered for merge; at 5 orders the group is supervised (R-2.4, R-5.2)", "notice_after": null}
workflow_escalation	{"due": null, "kind": "bad_handling", "rule": "bad_handling", "every": null, "share": null, "before": null, "states": null, "builtin": true, "channel": "system", "enabled": true, "settings": {"returns": 2, "send_backs": 1, "dissatisfied": 1}, "template": "supervise", "workflow": "appeal_12345", "on_actions": ["return_order", "send_back", "callback_redo", "callback"], "description": "办理不力: returned twice, sent back for redo, or a dissatisfied callback opens supervision (R-5.2)", "notice_after": null}
workflow_escalation	{"due": null, "kind": "bad_handling", "rule": "bad_handling", "every": null, "share": null, "before": null, "states": null, "builtin": false, "channel": "system", "enabled": true, "settings": {"returns": 1, "send_backs": 1, "dissatisfied": 1}, "template": "supervise", "workflow": "appeal_12345", "on_actions": ["return_order", "send_back", "callback_redo", "callback"], "description": "办理不力 (dump test): 退单一次即督办", "notice_after": null}
workflow_hook	{"action": "reply", "timing": "before", "function": "appeal_12345_check(order_no,bigint,text,jsonb)", "position": 1, "workflow": "appeal_12345"}
workflow_hook	{"action": "return_order", "timing": "before", "function": "appeal_12345_check(order_no,bigint,text,jsonb)", "position": 2, "workflow": "appeal_12345"}
workflow_hook	{"action": "request_extension", "timing": "before", "function": "appeal_12345_check(order_no,bigint,text,jsonb)", "position": 3, "workflow": "appeal_12345"}
workflow_hook	{"action": "resume", "timing": "before", "function": "appeal_12345_check(order_no,bigint,text,jsonb)", "position": 4, "workflow": "appeal_12345"}
workflow_hook	{"action": "withdraw", "timing": "before", "function": "appeal_12345_check(order_no,bigint,text,jsonb)", "position": 5, "workflow": "appeal_12345"}
workflow_hook	{"action": "callback", "timing": "before", "function": "appeal_12345_check(order_no,bigint,text,jsonb)", "position": 6, "workflow": "appeal_12345"}
workflow_hook	{"action": "close", "timing": "after", "function": "appeal_12345_release(order_no,bigint,text,jsonb)", "position": 8, "workflow": "appeal_12345"}
workflow_hook	{"action": "terminate", "timing": "after", "function": "appeal_12345_release(order_no,bigint,text,jsonb)", "position": 9, "workflow": "appeal_12345"}
workflow_hook	{"action": "merge", "timing": "after", "function": "appeal_12345_release(order_no,bigint,text,jsonb)", "position": 10, "workflow": "appeal_12345"}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "dispatch", "workflow": "appeal_12345", "time_limit": "2 working days", "appeal_type": null, "dispatch_mode": null}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "sign", "workflow": "appeal_12345", "time_limit": "1 working day", "appeal_type": null, "dispatch_mode": null}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "sign", "workflow": "appeal_12345", "time_limit": "1 working hour", "appeal_type": null, "dispatch_mode": "urgent"}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "reply", "workflow": "appeal_12345", "time_limit": "7 working days", "appeal_type": null, "dispatch_mode": "written"}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "reply", "workflow": "appeal_12345", "time_limit": "3 working days", "appeal_type": null, "dispatch_mode": "phone"}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "reply", "workflow": "appeal_12345", "time_limit": "4 working hours", "appeal_type": null, "dispatch_mode": "urgent"}
workflow_limit	{"builtin": true, "urgency": "urgent", "deadline": "reply", "workflow": "appeal_12345", "time_limit": "1 working day", "appeal_type": null, "dispatch_mode": "written"}
workflow_limit	{"builtin": true, "urgency": "very_urgent", "deadline": "reply", "workflow": "appeal_12345", "time_limit": "1 working day", "appeal_type": null, "dispatch_mode": "written"}
workflow_limit	{"builtin": true, "urgency": "urgent", "deadline": "reply", "workflow": "appeal_12345", "time_limit": "1 working day", "appeal_type": null, "dispatch_mode": "phone"}
workflow_limit	{"builtin": true, "urgency": "very_urgent", "deadline": "reply", "workflow": "appeal_12345", "time_limit": "1 working day", "appeal_type": null, "dispatch_mode": "phone"}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "sub_reply", "workflow": "appeal_12345", "time_limit": "5 working days", "appeal_type": null, "dispatch_mode": null}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "redo", "workflow": "appeal_12345", "time_limit": "5 working days", "appeal_type": null, "dispatch_mode": null}
workflow_limit	{"builtin": true, "urgency": null, "deadline": "callback", "workflow": "appeal_12345", "time_limit": "2 working days", "appeal_type": null, "dispatch_mode": null}
workflow_limit	{"builtin": false, "urgency": null, "deadline": "reply", "workflow": "appeal_12345", "time_limit": "2 working days", "appeal_type": null, "dispatch_mode": "phone"}
workflow_state	{"scope": "order", "state": "accepted", "terminal": false, "workflow": "appeal_12345", "description": "已受理: registered, waiting to be dispatched within 2 working days (R-4.1)"}
workflow_state	{"scope": "order", "state": "not_accepted", "terminal": true, "workflow": "appeal_12345", "description": "不受理: out of scope, with a reason; emergencies referred to 110/119/120/122 (R-2.2)"}
workflow_state	{"scope": "order", "state": "answered", "terminal": false, "workflow": "appeal_12345", "description": "直接办理/当即答复: answered on the spot from the knowledge base or by three-way call, closed on answering (R-3)"}
workflow_state	{"scope": "order", "state": "dispatched", "terminal": false, "workflow": "appeal_12345", "description": "已派单: with the handling units (R-4.2)"}
workflow_state	{"scope": "order", "state": "returned", "terminal": false, "workflow": "appeal_12345", "description": "已退单: a unit returned it as not theirs; back with the hotline for re-dispatch (R-4.7)"}
workflow_state	{"scope": "order", "state": "replied", "terminal": false, "workflow": "appeal_12345", "description": "已答复: every unit replied; waiting for the hotline's review (R-6.1, R-6.3)"}
workflow_state	{"scope": "order", "state": "redo", "terminal": false, "workflow": "appeal_12345", "description": "重办: sent back to the units after review or an unsatisfied callback (R-6.3, R-7.3)"}
workflow_state	{"scope": "order", "state": "reviewed", "terminal": false, "workflow": "appeal_12345", "description": "审核通过: the reply is accepted; waiting for the callback (R-7)"}
workflow_state	{"scope": "order", "state": "callback_done", "terminal": false, "workflow": "appeal_12345", "description": "已回访: the citizen was called back (R-7.2, R-7.4)"}
workflow_state	{"scope": "order", "state": "closed", "terminal": false, "workflow": "appeal_12345", "description": "办结: handling is finished (R-8.1)"}
workflow_state	{"scope": "order", "state": "archived", "terminal": true, "workflow": "appeal_12345", "description": "归档: filed (R-8.1)"}
workflow_state	{"scope": "order", "state": "terminated", "terminal": true, "workflow": "appeal_12345", "description": "终结: ended without a result, with a reason"}
workflow_state	{"scope": "order", "state": "merged", "terminal": true, "workflow": "appeal_12345", "description": "已并案: merged into another order, which carries it (R-2.4)"}
workflow_state	{"scope": "assignment", "state": "dispatched", "terminal": false, "workflow": "appeal_12345", "description": "待签收: dispatched to the unit, not yet signed for (R-4.7)"}
workflow_state	{"scope": "assignment", "state": "signed", "terminal": false, "workflow": "appeal_12345", "description": "已签收/办理中: the unit signed for it and is handling it"}
workflow_state	{"scope": "assignment", "state": "returned", "terminal": false, "workflow": "appeal_12345", "description": "已退单: the unit returned it with a reason (closed) (R-4.7)"}
workflow_state	{"scope": "assignment", "state": "extension_requested", "terminal": false, "workflow": "appeal_12345", "description": "延期申请中: the unit asked for more time (R-4.8)"}
workflow_state	{"scope": "assignment", "state": "passed_down", "terminal": false, "workflow": "appeal_12345", "description": "已下派: passed down to sub-units; the unit reviews their replies (R-4.5)"}
workflow_state	{"scope": "assignment", "state": "replied", "terminal": false, "workflow": "appeal_12345", "description": "已答复: the unit recorded its result (R-6.1, R-6.2)"}
workflow_state	{"scope": "assignment", "state": "redo", "terminal": false, "workflow": "appeal_12345", "description": "重办: the reply was sent back (R-6.3, R-7.3)"}
workflow_state	{"scope": "assignment", "state": "closed", "terminal": false, "workflow": "appeal_12345", "description": "已撤回/关闭: the hotline withdrew the unit (closed)"}
\.


--
-- Name: dump_order dump_order_order_no_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dump_order
    ADD CONSTRAINT dump_order_order_no_key UNIQUE (order_no);


--
-- Name: dump_order dump_order_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dump_order
    ADD CONSTRAINT dump_order_pkey PRIMARY KEY (name);


--
-- PostgreSQL database dump complete
--

\unrestrict uNZEVfEn3z4hpOOYzAfUYTUnLtpAReBN2pb6iUxzNVDIX3NSrYTskeKmyMCNlpU

--
-- PostgreSQL database dump
--

\restrict mSaQtcE4rrGWR44I89DbVQ4Gr9eadfguUG44G6zbhgNs875LxuE5clqkDLYXee2

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Data for Name: alarm; Type: TABLE DATA; Schema: hotline; Owner: -
--

SET SESSION AUTHORIZATION DEFAULT;

ALTER TABLE hotline.alarm DISABLE TRIGGER ALL;

COPY hotline.alarm (id, order_no, assignment_id, rule, kind, due_at, fire_at, fired, last_fired_at) FROM stdin;
1	110101-20261202-000001	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
2	110101-20261202-000001	1	hasten_reply	hasten	2026-12-11 16:00:00+00	2026-12-11 16:00:00+00	0	\N
3	110101-20261202-000001	1	remind_reply	remind	2026-12-11 16:00:00+00	2026-12-10 03:55:40.060409+00	0	\N
4	110101-20261202-000001	1	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
5	110101-20261202-000001	2	hasten_reply	hasten	2026-12-11 16:00:00+00	2026-12-11 16:00:00+00	0	\N
6	110101-20261202-000001	2	remind_reply	remind	2026-12-11 16:00:00+00	2026-12-10 03:55:40.060409+00	0	\N
7	110101-20261202-000001	2	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
8	110101-20261202-000001	\N	remind_callback	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
10	110101-20261202-000002	3	hasten_reply	hasten	2026-12-11 16:00:00+00	2026-12-11 16:00:00+00	0	\N
11	110101-20261202-000002	3	remind_reply	remind	2026-12-11 16:00:00+00	2026-12-10 03:55:40.07959+00	0	\N
12	110101-20261202-000002	3	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
9	110101-20261202-000002	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
14	110101-20261202-000003	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
15	110101-20261202-000003	4	hasten_reply	hasten	2026-12-11 16:00:00+00	2026-12-11 16:00:00+00	0	\N
16	110101-20261202-000003	4	remind_reply	remind	2026-12-11 16:00:00+00	2026-12-10 03:55:40.091372+00	0	\N
17	110101-20261202-000003	4	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
21	110101-20261202-000003	5	hasten_reply	hasten	2026-12-09 16:00:00+00	2026-12-09 16:00:00+00	0	\N
22	110101-20261202-000003	5	remind_reply	remind	2026-12-09 16:00:00+00	2026-12-08 08:13:40.094638+00	0	\N
23	110101-20261202-000004	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
26	110101-20261202-000004	6	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
27	110101-20261202-000005	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
30	110101-20261202-000005	7	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
31	110101-20261202-000006	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
32	110101-20261202-000006	8	hasten_reply	hasten	2026-12-11 16:00:00+00	2026-12-11 16:00:00+00	0	\N
33	110101-20261202-000006	8	remind_reply	remind	2026-12-11 16:00:00+00	2026-12-10 03:55:40.115452+00	0	\N
34	110101-20261202-000006	8	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
35	110101-20261202-000006	\N	remind_callback	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
36	110101-20261202-000007	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
39	110101-20261202-000007	9	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
37	110101-20261202-000007	9	hasten_reply	hasten	2026-12-09 16:00:00+00	2026-12-09 16:00:00+00	0	\N
38	110101-20261202-000007	9	remind_reply	remind	2026-12-09 16:00:00+00	2026-12-08 08:13:40.123368+00	0	\N
42	110101-20261202-000008	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
43	110101-20261202-000009	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
44	110101-20261202-000010	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
45	110101-20261202-000009	10	hasten_reply	hasten	2026-12-11 16:00:00+00	2026-12-11 16:00:00+00	0	\N
46	110101-20261202-000009	10	remind_reply	remind	2026-12-11 16:00:00+00	2026-12-10 03:55:40.133906+00	0	\N
47	110101-20261202-000009	10	remind_sign	remind	2026-12-03 16:00:00+00	2026-12-03 07:30:00+00	0	\N
48	110101-20261202-000013	\N	remind_dispatch	remind	2026-12-04 16:00:00+00	2026-12-04 04:00:00+00	0	\N
25	110101-20261202-000004	6	remind_reply	remind	2026-12-01 01:38:20.700623+00	\N	0	\N
28	110101-20261202-000005	7	hasten_reply	hasten	2026-12-04 01:38:20.701566+00	2026-12-04 01:38:20.701566+00	0	\N
29	110101-20261202-000005	7	remind_reply	remind	2026-12-04 01:38:20.701566+00	\N	1	2026-12-02 01:38:20.704854+00
24	110101-20261202-000004	6	hasten_reply	hasten	2026-12-01 01:38:20.700623+00	2026-12-03 16:00:00+00	2	2026-12-02 01:38:20.748873+00
\.


ALTER TABLE hotline.alarm ENABLE TRIGGER ALL;

--
-- Data for Name: calendar; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.calendar DISABLE TRIGGER ALL;

COPY hotline.calendar (name, base, time_zone, business_hours, work_weekdays, description, builtin) FROM stdin;
beijing	cn	Asia/Shanghai	{"[09:00:00,12:00:00)","[13:30:00,17:30:00)"}	{1,2,3,4,5}	北京市	f
dongcheng	beijing	Asia/Shanghai	{"[09:00:00,12:00:00)","[13:30:00,17:30:00)"}	{1,2,3,4,5}	东城区	f
urumqi	cn	Asia/Urumqi	{"[09:00:00,12:00:00)","[13:30:00,17:30:00)"}	{1,2,3,4,5}	乌鲁木齐市	f
24x7	\N	Asia/Shanghai	{"[00:00:00,24:00:00)"}	{1,2,3,4,5,6,7}	\N	f
\.


ALTER TABLE hotline.calendar ENABLE TRIGGER ALL;

--
-- Data for Name: citizen; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.citizen DISABLE TRIGGER ALL;

COPY hotline.citizen (id, phone, name, address, kind, created_at) FROM stdin;
1	13800138000	王女士	\N	person	2026-12-02 01:38:20.253645+00
2	01065123456	\N	\N	person	2026-12-02 01:38:20.390394+00
3	13912345678	\N	\N	person	2026-12-02 01:38:20.510322+00
4	13700001111	\N	\N	person	2026-12-02 01:38:20.571559+00
5	13600002222	\N	\N	person	2026-12-02 01:38:20.603582+00
6	13800009999	\N	\N	person	2026-12-02 01:38:20.620256+00
7	13910002000	李先生	\N	person	2026-12-02 01:38:20.648887+00
\.


ALTER TABLE hotline.citizen ENABLE TRIGGER ALL;

--
-- Data for Name: topic; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.topic DISABLE TRIGGER ALL;

COPY hotline.topic (id, code, name, parent_id, active) FROM stdin;
1	csgl	城市管理	\N	t
2	cxjs-gr	供热	\N	t
3	wsjk	卫生健康	\N	t
4	csgl-ldzm	路灯照明	1	t
\.


ALTER TABLE hotline.topic ENABLE TRIGGER ALL;

--
-- Data for Name: unit; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.unit DISABLE TRIGGER ALL;

COPY hotline.unit (id, code, name, parent_id, level, region, calendar, kind, active) FROM stdin;
2	dc-zjw	东城区住房和城市建设委员会	\N	1	110101	cn	department	t
3	dc-cgw	东城区城市管理委员会	\N	1	110101	dongcheng	department	t
4	dc-dhm	东华门街道办事处	1	2	110101	cn	subdistrict	t
1	dc-gov	北京市东城区人民政府	\N	1	110101	cn	district	t
\.


ALTER TABLE hotline.unit ENABLE TRIGGER ALL;

--
-- Data for Name: workflow; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.workflow DISABLE TRIGGER ALL;

COPY hotline.workflow (name, description, initial_state, calendar, version, builtin) FROM stdin;
\.


ALTER TABLE hotline.workflow ENABLE TRIGGER ALL;

--
-- Data for Name: work_order; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.work_order DISABLE TRIGGER ALL;

COPY hotline.work_order (order_no, region, workflow, state, citizen_id, contact_name, confidential, appeal_type, topic_id, urgency, channel, source_hotline, occurred_at, address, longitude, latitude, description, demand, accused_unit_id, emergency_kind, emergency_referral, accepted_at, accepted_by, dispatch_due, reply_due, callback_due, callback_sampled, closed_at, archived_at, merged_into, updated_at) FROM stdin;
110101-20261202-000001	110101	appeal_12345	archived	1	王女士	f	help	4	normal	phone	12345	\N	\N	\N	\N	东直门北小街路灯连续一周不亮	尽快修复	\N	\N	\N	2026-12-02 01:38:20.253645+00	话务员 0101	\N	2026-12-11 16:00:00+00	\N	\N	2026-12-02 01:38:20.382443+00	2026-12-02 01:38:20.388865+00	\N	2026-12-02 01:38:20.388865+00
110101-20261202-000002	110101	appeal_12345	returned	2	\N	f	complaint	\N	normal	wechat	12345	\N	\N	\N	\N	小区垃圾清运不及时，楼道堆满垃圾	\N	\N	\N	\N	2026-12-02 01:38:20.390394+00	话务员 0102	2026-12-04 16:00:00+00	\N	\N	\N	\N	\N	\N	2026-12-02 01:38:20.416898+00
110101-20261202-000003	110101	appeal_12345	dispatched	\N	\N	f	complaint	\N	normal	phone	12345	\N	东华门大街 12 号	\N	\N	东华门大街占道经营，晚间噪音扰民	\N	\N	\N	\N	2026-12-02 01:38:20.448867+00	话务员 0103	\N	2026-12-11 16:00:00+00	\N	\N	\N	\N	\N	2026-12-02 01:38:20.456862+00
110101-20261202-000004	110101	appeal_12345	dispatched	3	\N	f	complaint	\N	normal	phone	12345	\N	\N	\N	\N	小区电梯停运三天，老人上下楼困难	\N	\N	\N	\N	2026-12-02 01:38:20.510322+00	话务员 0104	\N	2026-12-04 16:00:00+00	\N	\N	\N	\N	\N	2026-12-02 01:38:20.520851+00
110101-20261202-000005	110101	appeal_12345	dispatched	\N	\N	f	help	\N	normal	app	12345	\N	北新桥三条胡同口	\N	\N	胡同口井盖缺失，夜间行人易跌落	\N	\N	\N	\N	2026-12-02 01:38:20.534357+00	话务员 0105	\N	2026-12-11 16:00:00+00	\N	\N	\N	\N	\N	2026-12-02 01:38:20.548852+00
110101-20261202-000007	110101	appeal_12345	redo	5	\N	f	complaint	\N	normal	phone	12345	\N	\N	\N	\N	工地夜间施工噪音扰民	\N	\N	\N	\N	2026-12-02 01:38:20.603582+00	话务员 0107	\N	2026-12-09 16:00:00+00	\N	\N	\N	\N	\N	2026-12-02 01:38:20.616839+00
110101-20261202-000008	110101	appeal_12345	accepted	6	\N	f	report	3	normal	phone	12345	\N	和平里北街 5 号院	\N	\N	小区多人出现腹泻呕吐症状，疑似饮用水污染	\N	\N	public_health	\N	2026-12-02 01:38:20.620256+00	话务员 0108	2026-12-04 16:00:00+00	\N	\N	\N	\N	\N	\N	2026-12-02 01:38:20.620256+00
110101-20261202-000010	110101	appeal_12345	merged	7	\N	f	complaint	2	normal	phone	12345	\N	\N	\N	\N	暖气还是不热，再次反映	\N	\N	\N	\N	2026-12-02 01:38:20.651325+00	话务员 0110	2026-12-04 16:00:00+00	\N	\N	\N	2026-12-02 01:38:20.667581+00	\N	110101-20261202-000009	2026-12-02 01:38:20.667581+00
110101-20261202-000009	110101	appeal_12345	dispatched	7	李先生	f	complaint	2	normal	phone	12345	\N	\N	\N	\N	家中暖气不热，室温只有十四度	\N	\N	\N	\N	2026-12-02 01:38:20.648887+00	话务员 0109	\N	2026-12-11 16:00:00+00	\N	\N	\N	\N	\N	2026-12-02 01:38:20.669529+00
110101-20261202-000011	110101	appeal_12345	answered	\N	\N	f	consultation	\N	normal	phone	12345	\N	\N	\N	\N	咨询居住证办理需要哪些材料	\N	\N	\N	\N	2026-12-02 01:38:20.672649+00	话务员 0111	\N	\N	\N	\N	2026-12-02 01:38:20.672649+00	\N	\N	2026-12-02 01:38:20.672649+00
110101-20261202-000012	110101	appeal_12345	not_accepted	\N	\N	f	report	\N	normal	phone	12345	\N	\N	\N	\N	有人在街上打架	\N	\N	\N	110	2026-12-02 01:38:20.681041+00	话务员 0112	\N	\N	\N	\N	2026-12-02 01:38:20.681041+00	\N	\N	2026-12-02 01:38:20.681041+00
110101-20261202-000013	110101	appeal_12345	terminated	\N	\N	f	suggestion	\N	normal	website	12345	\N	\N	\N	\N	建议增设公共自行车停放点	\N	\N	\N	\N	2026-12-02 01:38:20.687942+00	话务员 0113	2026-12-04 16:00:00+00	\N	\N	\N	2026-12-02 01:38:20.689302+00	\N	\N	2026-12-02 01:38:20.689302+00
110101-20261202-000006	110101	appeal_12345	reviewed	4	\N	f	help	\N	normal	phone	12345	\N	\N	\N	\N	单元门禁损坏无法关闭	\N	\N	\N	\N	2026-12-02 01:38:20.571559+00	话务员 0106	\N	2026-12-11 16:00:00+00	2026-12-04 16:00:00+00	t	\N	\N	\N	2026-12-02 01:38:20.597381+00
\.


ALTER TABLE hotline.work_order ENABLE TRIGGER ALL;

--
-- Data for Name: assignment; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.assignment DISABLE TRIGGER ALL;

COPY hotline.assignment (id, order_no, unit_id, parent_id, role, state, dispatch_mode, opinion, dispatched_at, sign_limit, sign_due, reply_limit, reply_from, reply_due, signed_at, replied_at, closed_at, updated_at) FROM stdin;
2	110101-20261202-000001	2	\N	assist	replied	written	请核实处理	2026-12-02 01:38:20.302046+00	1 working day	2026-12-03 16:00:00+00	7 working days	2026-12-02 01:38:20.302046+00	2026-12-11 16:00:00+00	2026-12-02 01:38:20.331811+00	2026-12-02 01:38:20.344868+00	2026-12-02 01:38:20.382443+00	2026-12-02 01:38:20.382443+00
1	110101-20261202-000001	3	\N	lead	replied	written	请核实处理	2026-12-02 01:38:20.302046+00	1 working day	2026-12-03 16:00:00+00	7 working days	2026-12-02 01:38:20.302046+00	2026-12-11 16:00:00+00	2026-12-02 01:38:20.331811+00	2026-12-02 01:38:20.355738+00	2026-12-02 01:38:20.382443+00	2026-12-02 01:38:20.382443+00
3	110101-20261202-000002	2	\N	lead	returned	written	请核实处理	2026-12-02 01:38:20.397951+00	1 working day	2026-12-03 16:00:00+00	7 working days	2026-12-02 01:38:20.397951+00	2026-12-11 16:00:00+00	\N	\N	2026-12-02 01:38:20.416898+00	2026-12-02 01:38:20.416898+00
5	110101-20261202-000003	4	4	sub	dispatched	written	请街道核实	2026-12-02 01:38:20.47319+00	\N	\N	5 working days	2026-12-02 01:38:20.47319+00	2026-12-09 16:00:00+00	\N	\N	\N	2026-12-02 01:38:20.47319+00
8	110101-20261202-000006	2	\N	lead	replied	written	请督促物业修复	2026-12-02 01:38:20.577261+00	1 working day	2026-12-03 16:00:00+00	7 working days	2026-12-02 01:38:20.577261+00	2026-12-11 16:00:00+00	2026-12-02 01:38:20.59288+00	2026-12-02 01:38:20.595581+00	\N	2026-12-02 01:38:20.595581+00
9	110101-20261202-000007	3	\N	lead	redo	written	请核实查处	2026-12-02 01:38:20.609741+00	1 working day	2026-12-03 16:00:00+00	5 working days	2026-12-02 01:38:20.616839+00	2026-12-09 16:00:00+00	2026-12-02 01:38:20.61146+00	\N	\N	2026-12-02 01:38:20.616839+00
10	110101-20261202-000009	2	\N	lead	dispatched	written	请督促供热单位排查	2026-12-02 01:38:20.669529+00	1 working day	2026-12-03 16:00:00+00	7 working days	2026-12-02 01:38:20.669529+00	2026-12-11 16:00:00+00	\N	\N	\N	2026-12-02 01:38:20.669529+00
4	110101-20261202-000003	1	\N	lead	passed_down	written	请属地处理，督促街道落实	2026-12-02 01:38:20.456862+00	1 working day	2026-12-03 16:00:00+00	7 working days	2026-12-02 01:38:20.456862+00	2026-12-11 16:00:00+00	2026-12-02 01:38:20.469826+00	\N	\N	2026-12-02 01:38:20.47319+00
6	110101-20261202-000004	2	\N	lead	signed	phone	请督促物业尽快修复	2026-12-02 01:38:20.520851+00	1 working day	2026-12-03 16:00:00+00	\N	2026-12-02 01:38:20.520851+00	2026-12-01 01:38:20.700623+00	2026-12-02 01:38:20.533201+00	\N	\N	2026-12-02 01:38:20.533201+00
7	110101-20261202-000005	3	\N	lead	signed	written	请尽快处置	2026-12-02 01:38:20.548852+00	1 working day	2026-12-03 16:00:00+00	\N	2026-11-02 01:38:20.701566+00	2026-12-04 01:38:20.701566+00	2026-12-02 01:38:20.568867+00	\N	\N	2026-12-02 01:38:20.568867+00
\.


ALTER TABLE hotline.assignment ENABLE TRIGGER ALL;

--
-- Data for Name: calendar_day; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.calendar_day DISABLE TRIGGER ALL;

COPY hotline.calendar_day (calendar, day, kind, note, source, builtin) FROM stdin;
beijing	2026-12-01	holiday	示例休息日	dump test	f
dongcheng	2026-12-01	workday	示例上班	dump test	f
cn	2027-01-01	holiday	元旦	2027 notice (test)	f
\.


ALTER TABLE hotline.calendar_day ENABLE TRIGGER ALL;

--
-- Data for Name: calendar_year; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.calendar_year DISABLE TRIGGER ALL;

COPY hotline.calendar_year (calendar, year, source, loaded_at, builtin) FROM stdin;
cn	2027	2027 notice (test)	2026-12-02 01:38:20.222883+00	f
urumqi	2026	test	2026-12-02 01:38:20.222883+00	f
\.


ALTER TABLE hotline.calendar_year ENABLE TRIGGER ALL;

--
-- Data for Name: job; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.job DISABLE TRIGGER ALL;

COPY hotline.job (name, command, default_schedule, lock_key, description, builtin) FROM stdin;
purge_outbox	SELECT 1	0 3 * * *	100	dump test: a user's own job	f
\.


ALTER TABLE hotline.job ENABLE TRIGGER ALL;

--
-- Data for Name: job_run; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.job_run DISABLE TRIGGER ALL;

COPY hotline.job_run (id, job, started_at, finished_at, result, database, run_by, pid) FROM stdin;
1	sweep	2026-12-02 01:38:20.705554+00	2026-12-02 01:38:20.741039+00	{"notices": 0, "retired": 0, "messages": 2, "reminders": 1, "hastenings": 1, "left_for_next_run": 0}	old	postgres	25401
2	sweep	2026-12-02 01:38:20.748984+00	2026-12-02 01:38:20.774146+00	{"notices": 1, "retired": 0, "messages": 2, "reminders": 0, "hastenings": 1, "left_for_next_run": 0}	old	postgres	25401
3	sweep	2026-12-02 01:38:20.783086+00	2026-12-02 01:38:20.783355+00	{"notices": 0, "retired": 0, "messages": 0, "reminders": 0, "hastenings": 0, "left_for_next_run": 0}	old	postgres	25401
4	sample_callbacks	2026-12-02 01:38:20.784197+00	2026-12-02 01:38:20.791904+00	{"job": "sample_callbacks", "more": false, "share": 1, "closed": 0, "failed": 0, "sampled": 1, "examined": 1}	old	postgres	25401
5	archive	2026-12-02 01:38:20.795552+00	2026-12-02 01:38:20.796235+00	{"job": "archive", "more": false, "after": "7 days", "failed": 0, "archived": 0, "examined": 0}	old	postgres	25401
6	recompute_deadlines	2026-12-02 01:38:20.801212+00	2026-12-02 01:38:20.814017+00	{"changes": 3, "assignments_moved": 0}	old	postgres	25401
\.


ALTER TABLE hotline.job_run ENABLE TRIGGER ALL;

--
-- Data for Name: order_event; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.order_event DISABLE TRIGGER ALL;

COPY hotline.order_event (id, order_no, assignment_id, at, actor, role, action, from_state, to_state, reason, payload) FROM stdin;
1	110101-20261202-000001	\N	2026-12-02 01:38:20.253645+00	话务员 0101	agent	accept	new	accepted	\N	{"topic": "csgl-ldzm", "demand": "尽快修复", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "help", "description": "东直门北小街路灯连续一周不亮", "confidential": false, "source_hotline": "12345"}
2	110101-20261202-000001	\N	2026-12-02 01:38:20.302046+00	派单员 07	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请核实处理", "lead_unit": "dc-cgw", "assist_units": ["dc-zjw"], "dispatch_mode": "written"}
3	110101-20261202-000001	1	2026-12-02 01:38:20.331811+00	postgres	unit	sign_for	dispatched	signed	\N	{}
4	110101-20261202-000001	2	2026-12-02 01:38:20.331811+00	postgres	unit	sign_for	dispatched	signed	\N	{}
5	110101-20261202-000001	2	2026-12-02 01:38:20.344868+00	postgres	unit	reply	signed	replied	\N	{"result": "已配合排查线路", "contacted": true, "contact_method": "phone"}
6	110101-20261202-000001	1	2026-12-02 01:38:20.355738+00	postgres	unit	reply	signed	replied	\N	{"result": "已更换灯具，路灯恢复照明", "order_to": "replied", "contacted": true, "order_from": "dispatched", "contact_method": "phone"}
7	110101-20261202-000001	\N	2026-12-02 01:38:20.365233+00	postgres	reviewer	approve_reply	replied	reviewed	\N	{}
8	110101-20261202-000001	\N	2026-12-02 01:38:20.374425+00	postgres	agent	callback	reviewed	callback_done	\N	{"result_satisfaction": "satisfied", "process_satisfaction": "satisfied"}
9	110101-20261202-000001	\N	2026-12-02 01:38:20.382443+00	postgres	reviewer	close	callback_done	closed	\N	{}
10	110101-20261202-000001	\N	2026-12-02 01:38:20.388865+00	postgres	reviewer	archive	closed	archived	\N	{}
11	110101-20261202-000002	\N	2026-12-02 01:38:20.390394+00	话务员 0102	agent	accept	new	accepted	\N	{"region": "110101", "channel": "wechat", "urgency": "normal", "appeal_type": "complaint", "description": "小区垃圾清运不及时，楼道堆满垃圾", "confidential": false, "source_hotline": "12345"}
12	110101-20261202-000002	\N	2026-12-02 01:38:20.397951+00	postgres	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请核实处理", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "written"}
13	110101-20261202-000002	3	2026-12-02 01:38:20.416898+00	postgres	unit	return_order	dispatched	returned	不属于本单位职责，建议转城管委	{"reason": "不属于本单位职责，建议转城管委", "order_to": "returned", "order_from": "dispatched"}
14	110101-20261202-000002	3	2026-12-02 01:38:20.416898+00	system	system	supervise	returned	returned	退单 1 次	{"rule": "bad_handling", "unit": "dc-zjw", "reason": "returned", "supervision_id": 1}
15	110101-20261202-000003	\N	2026-12-02 01:38:20.448867+00	话务员 0103	agent	accept	new	accepted	\N	{"region": "110101", "address": "东华门大街 12 号", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "东华门大街占道经营，晚间噪音扰民", "confidential": false, "source_hotline": "12345"}
16	110101-20261202-000003	\N	2026-12-02 01:38:20.456862+00	postgres	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请属地处理", "lead_unit": "dc-gov", "assist_units": [], "dispatch_mode": "written"}
17	110101-20261202-000003	4	2026-12-02 01:38:20.469826+00	postgres	unit	sign_for	dispatched	signed	\N	{}
18	110101-20261202-000003	4	2026-12-02 01:38:20.47319+00	postgres	unit	pass_down	signed	passed_down	\N	{"opinion": "请街道核实", "sub_units": ["dc-dhm"]}
19	110101-20261202-000003	\N	2026-12-02 01:38:20.49288+00	督办员 01	supervisor	supervise	dispatched	dispatched	市民多次来电，电话督促街道处理	{"unit": "dc-gov", "method": "phone", "reason": "manual", "supervision_id": 2, "person_in_charge": "督办科 王科长"}
20	110101-20261202-000003	\N	2026-12-02 01:38:20.496853+00	督办员 01	supervisor	supervise_record	dispatched	dispatched	街道已到现场劝离摊贩	{"method": "on_site", "reason": "manual", "record_id": 3, "supervision_id": 2}
21	110101-20261202-000003	\N	2026-12-02 01:38:20.508844+00	督办员 01	supervisor	supervise_close	dispatched	dispatched	占道经营已清理，市民认可	{"reason": "manual", "supervision_id": 2}
22	110101-20261202-000004	\N	2026-12-02 01:38:20.510322+00	话务员 0104	agent	accept	new	accepted	\N	{"region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "小区电梯停运三天，老人上下楼困难", "confidential": false, "source_hotline": "12345"}
23	110101-20261202-000004	\N	2026-12-02 01:38:20.520851+00	postgres	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请督促物业尽快修复", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "phone"}
24	110101-20261202-000004	6	2026-12-02 01:38:20.533201+00	postgres	unit	sign_for	dispatched	signed	\N	{}
25	110101-20261202-000005	\N	2026-12-02 01:38:20.534357+00	话务员 0105	agent	accept	new	accepted	\N	{"region": "110101", "address": "北新桥三条胡同口", "channel": "app", "urgency": "normal", "appeal_type": "help", "description": "胡同口井盖缺失，夜间行人易跌落", "confidential": false, "source_hotline": "12345"}
26	110101-20261202-000005	\N	2026-12-02 01:38:20.548852+00	postgres	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请尽快处置", "lead_unit": "dc-cgw", "assist_units": [], "dispatch_mode": "written"}
27	110101-20261202-000005	7	2026-12-02 01:38:20.568867+00	postgres	unit	sign_for	dispatched	signed	\N	{}
28	110101-20261202-000006	\N	2026-12-02 01:38:20.571559+00	话务员 0106	agent	accept	new	accepted	\N	{"region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "help", "description": "单元门禁损坏无法关闭", "confidential": false, "source_hotline": "12345"}
29	110101-20261202-000006	\N	2026-12-02 01:38:20.577261+00	postgres	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请督促物业修复", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "written"}
30	110101-20261202-000006	8	2026-12-02 01:38:20.59288+00	postgres	unit	sign_for	dispatched	signed	\N	{}
31	110101-20261202-000006	8	2026-12-02 01:38:20.595581+00	postgres	unit	reply	signed	replied	\N	{"result": "物业已更换门禁锁", "order_to": "replied", "contacted": true, "order_from": "dispatched", "contact_method": "phone"}
32	110101-20261202-000006	\N	2026-12-02 01:38:20.597381+00	postgres	reviewer	approve_reply	replied	reviewed	\N	{}
33	110101-20261202-000007	\N	2026-12-02 01:38:20.603582+00	话务员 0107	agent	accept	new	accepted	\N	{"region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "工地夜间施工噪音扰民", "confidential": false, "source_hotline": "12345"}
34	110101-20261202-000007	\N	2026-12-02 01:38:20.609741+00	postgres	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请核实查处", "lead_unit": "dc-cgw", "assist_units": [], "dispatch_mode": "written"}
35	110101-20261202-000007	9	2026-12-02 01:38:20.61146+00	postgres	unit	sign_for	dispatched	signed	\N	{}
36	110101-20261202-000007	9	2026-12-02 01:38:20.612066+00	postgres	unit	reply	signed	replied	\N	{"result": "已告知施工单位", "order_to": "replied", "contacted": false, "order_from": "dispatched"}
37	110101-20261202-000007	\N	2026-12-02 01:38:20.616839+00	postgres	reviewer	send_back	replied	redo	答复未联系市民，未说明查处结果	{"reason": "答复未联系市民，未说明查处结果"}
38	110101-20261202-000007	\N	2026-12-02 01:38:20.616839+00	system	system	supervise	redo	redo	发回重办 1 次	{"rule": "bad_handling", "unit": "dc-cgw", "reason": "sent_back", "supervision_id": 3}
39	110101-20261202-000008	\N	2026-12-02 01:38:20.620256+00	话务员 0108	agent	accept	new	accepted	\N	{"topic": "wsjk", "region": "110101", "address": "和平里北街 5 号院", "channel": "phone", "urgency": "normal", "emergency": "public_health", "appeal_type": "report", "description": "小区多人出现腹泻呕吐症状，疑似饮用水污染", "confidential": false, "source_hotline": "12345"}
40	110101-20261202-000008	\N	2026-12-02 01:38:20.620256+00	system	system	supervise	accepted	accepted	突发事件 (public_health): 已报告 emergency_department, duty_office	{"rule": "emergency", "reason": "emergency", "supervision_id": 4}
41	110101-20261202-000008	\N	2026-12-02 01:38:20.620256+00	system	system	emergency_report	accepted	accepted	\N	{"rule": "emergency", "recipients": ["emergency_department", "duty_office"], "emergency_kind": "public_health", "supervision_id": 4}
42	110101-20261202-000008	\N	2026-12-02 01:38:20.641352+00	值班长 02	supervisor	supervise_record	accepted	accepted	已通知疾控中心和水务部门赶赴现场	{"method": "phone", "reason": "emergency", "record_id": 6, "supervision_id": 4}
43	110101-20261202-000009	\N	2026-12-02 01:38:20.648887+00	话务员 0109	agent	accept	new	accepted	\N	{"topic": "cxjs-gr", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "家中暖气不热，室温只有十四度", "confidential": false, "source_hotline": "12345"}
44	110101-20261202-000010	\N	2026-12-02 01:38:20.651325+00	话务员 0110	agent	accept	new	accepted	\N	{"topic": "cxjs-gr", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "complaint", "description": "暖气还是不热，再次反映", "confidential": false, "source_hotline": "12345"}
45	110101-20261202-000010	\N	2026-12-02 01:38:20.651325+00	system	system	repeat	accepted	accepted	\N	{"kind": "one_person", "rule": "repeat_person", "carrier": "110101-20261202-000009", "matches": ["110101-20261202-000009"], "members": 2, "group_id": 1, "similarity": 1.000}
46	110101-20261202-000010	\N	2026-12-02 01:38:20.667581+00	postgres	dispatcher	merge	accepted	merged	\N	{"into": "110101-20261202-000009"}
47	110101-20261202-000009	\N	2026-12-02 01:38:20.667581+00	postgres	dispatcher	merged_in	\N	\N	\N	{"from": "110101-20261202-000010"}
48	110101-20261202-000009	\N	2026-12-02 01:38:20.669529+00	postgres	dispatcher	dispatch	accepted	dispatched	\N	{"opinion": "请督促供热单位排查", "lead_unit": "dc-zjw", "assist_units": [], "dispatch_mode": "written"}
49	110101-20261202-000011	\N	2026-12-02 01:38:20.672649+00	话务员 0111	agent	answer	new	answered	\N	{"region": "110101", "result": "已告知所需材料和办理地点", "channel": "phone", "urgency": "normal", "appeal_type": "consultation", "description": "咨询居住证办理需要哪些材料", "confidential": false, "source_hotline": "12345"}
50	110101-20261202-000012	\N	2026-12-02 01:38:20.681041+00	话务员 0112	agent	reject	new	not_accepted	属于公安110职责，已转接	{"reason": "属于公安110职责，已转接", "region": "110101", "channel": "phone", "urgency": "normal", "appeal_type": "report", "description": "有人在街上打架", "confidential": false, "source_hotline": "12345", "emergency_referral": "110"}
51	110101-20261202-000013	\N	2026-12-02 01:38:20.687942+00	话务员 0113	agent	accept	new	accepted	\N	{"region": "110101", "channel": "website", "urgency": "normal", "appeal_type": "suggestion", "description": "建议增设公共自行车停放点", "confidential": false, "source_hotline": "12345"}
52	110101-20261202-000013	\N	2026-12-02 01:38:20.689302+00	督办员 01	supervisor	terminate	accepted	terminated	市民撤回诉求	{"reason": "市民撤回诉求"}
53	110101-20261202-000004	6	2026-12-02 01:38:20.704854+00	hotline.sweep	system	hasten	signed	signed	\N	{"n": 1, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply"}
54	110101-20261202-000005	7	2026-12-02 01:38:20.704854+00	hotline.sweep	system	remind	signed	signed	\N	{"n": 1, "due": "2026-12-04T01:38:20.701566+00:00", "rule": "remind_reply"}
55	110101-20261202-000004	6	2026-12-02 01:38:20.748873+00	hotline.sweep	system	hasten	signed	signed	\N	{"n": 2, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply"}
56	110101-20261202-000004	6	2026-12-02 01:38:20.748873+00	hotline.sweep	system	public_notice	dispatched	dispatched	\N	{"due": "2026-12-01T01:38:20.700623+00:00", "notice": 1, "hastenings": 2}
57	110101-20261202-000004	6	2026-12-02 01:38:20.748873+00	hotline.sweep	system	supervise	dispatched	dispatched	【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。	{"rule": "public_notice", "unit": "dc-zjw", "reason": "notice", "supervision_id": 5}
\.


ALTER TABLE hotline.order_event ENABLE TRIGGER ALL;

--
-- Data for Name: order_number_seq; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.order_number_seq DISABLE TRIGGER ALL;

COPY hotline.order_number_seq (region, day, last_seq) FROM stdin;
110101	2026-12-02	13
\.


ALTER TABLE hotline.order_number_seq ENABLE TRIGGER ALL;

--
-- Data for Name: outbox; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.outbox DISABLE TRIGGER ALL;

COPY hotline.outbox (id, created_at, order_no, assignment_id, recipient_unit_id, recipient_user, channel, template, payload, dedup_key, state, attempts, next_attempt_at, claimed_by, claimed_until, sent_at, last_error) FROM stdin;
2	2026-12-02 01:38:20.49288+00	110101-20261202-000003	\N	\N	supervisors	system	supervise	{"text": "工单 110101-20261202-000003 已列入督办 (manual)", "unit": "dc-gov", "method": "phone", "reason": "manual", "order_no": "110101-20261202-000003", "supervision_id": 2, "person_in_charge": "督办科 王科长"}	supervise:2	pending	0	2026-12-02 01:38:20.49288+00	\N	\N	\N	\N
3	2026-12-02 01:38:20.616839+00	110101-20261202-000007	\N	\N	supervisors	system	supervise	{"rule": "bad_handling", "text": "工单 110101-20261202-000007 已列入督办 (sent_back)", "unit": "dc-cgw", "reason": "sent_back", "order_no": "110101-20261202-000007", "supervision_id": 3}	supervise:3	pending	0	2026-12-02 01:38:20.616839+00	\N	\N	\N	\N
4	2026-12-02 01:38:20.620256+00	110101-20261202-000008	\N	\N	supervisors	system	supervise	{"rule": "emergency", "text": "工单 110101-20261202-000008 已列入督办 (emergency)", "reason": "emergency", "order_no": "110101-20261202-000008", "supervision_id": 4}	supervise:4	pending	0	2026-12-02 01:38:20.620256+00	\N	\N	\N	\N
7	2026-12-02 01:38:20.651325+00	110101-20261202-000010	\N	\N	dispatchers	system	repeat	{"kind": "one_person", "rule": "repeat_person", "text": "一人多次: 工单 110101-20261202-000010 与 1 件同一市民同类诉求归为一组 (第 1 组), 可并入 110101-20261202-000009", "carrier": "110101-20261202-000009", "members": 2, "group_id": 1, "order_no": "110101-20261202-000010"}	repeat:1:110101-20261202-000010	pending	0	2026-12-02 01:38:20.651325+00	\N	\N	\N	\N
8	2026-12-02 01:38:20.704854+00	110101-20261202-000004	6	2	\N	sms	hasten	{"n": 1, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply", "text": "【12345热线】催办：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，第1次催办，请立即办理并答复。", "order_no": "110101-20261202-000004"}	hasten:24:1	pending	0	2026-12-02 01:38:20.704854+00	\N	\N	\N	\N
9	2026-12-02 01:38:20.704854+00	110101-20261202-000005	7	3	\N	sms	remind	{"n": 1, "due": "2026-12-04T01:38:20.701566+00:00", "rule": "remind_reply", "text": "【12345热线】提醒：东城区城市管理委员会承办的工单110101-20261202-000005将于2026-12-04 09:38到期，请抓紧办理并答复。", "order_no": "110101-20261202-000005"}	remind:29:1	pending	0	2026-12-02 01:38:20.704854+00	\N	\N	\N	\N
10	2026-12-02 01:38:20.748873+00	110101-20261202-000004	6	2	\N	sms	hasten	{"n": 2, "due": "2026-12-01T01:38:20.700623+00:00", "rule": "hasten_reply", "text": "【12345热线】催办：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，第2次催办，请立即办理并答复。", "order_no": "110101-20261202-000004"}	hasten:24:2	pending	0	2026-12-02 01:38:20.748873+00	\N	\N	\N	\N
11	2026-12-02 01:38:20.748873+00	110101-20261202-000004	6	\N	supervisors	system	notice	{"text": "【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。", "notice": 1, "order_no": "110101-20261202-000004", "hastenings": 2}	notice:1	pending	0	2026-12-02 01:38:20.748873+00	\N	\N	\N	\N
12	2026-12-02 01:38:20.748873+00	110101-20261202-000004	6	\N	supervisors	system	supervise	{"rule": "public_notice", "text": "工单 110101-20261202-000004 已列入督办 (notice)", "unit": "dc-zjw", "reason": "notice", "order_no": "110101-20261202-000004", "supervision_id": 5}	supervise:5	pending	0	2026-12-02 01:38:20.748873+00	\N	\N	\N	\N
13	2026-12-02 01:38:20.783868+00	110101-20261202-000006	\N	\N	callback_agents	system	callback_task	{"text": "【12345热线】回访任务：工单110101-20261202-000006已抽中回访，请于2026-12-05 00:00前回访诉求人。", "order_no": "110101-20261202-000006", "callback_due": "2026-12-04T16:00:00+00:00"}	callback_task:110101-20261202-000006	pending	0	2026-12-02 01:38:20.783868+00	\N	\N	\N	\N
5	2026-12-02 01:38:20.620256+00	110101-20261202-000008	\N	\N	emergency_department	sms	emergency	{"text": "突发事件报告: 工单 110101-20261202-000008 (public_health) 小区多人出现腹泻呕吐症状，疑似饮用水污染", "region": "110101", "address": "和平里北街 5 号院", "order_no": "110101-20261202-000008", "accepted_at": "2026-12-02T01:38:20.620256+00:00", "description": "小区多人出现腹泻呕吐症状，疑似饮用水污染", "emergency_kind": "public_health"}	emergency:110101-20261202-000008:emergency_department	sent	1	2026-12-02 01:38:20.620256+00	sms-gw-1	\N	2026-12-02 01:38:20.818198+00	\N
6	2026-12-02 01:38:20.620256+00	110101-20261202-000008	\N	\N	duty_office	sms	emergency	{"text": "突发事件报告: 工单 110101-20261202-000008 (public_health) 小区多人出现腹泻呕吐症状，疑似饮用水污染", "region": "110101", "address": "和平里北街 5 号院", "order_no": "110101-20261202-000008", "accepted_at": "2026-12-02T01:38:20.620256+00:00", "description": "小区多人出现腹泻呕吐症状，疑似饮用水污染", "emergency_kind": "public_health"}	emergency:110101-20261202-000008:duty_office	pending	1	2026-12-02 01:39:20.835279+00	sms-gw-1	\N	\N	HTTP 503
1	2026-12-02 01:38:20.416898+00	110101-20261202-000002	3	\N	supervisors	system	supervise	{"rule": "bad_handling", "text": "工单 110101-20261202-000002 已列入督办 (returned)", "unit": "dc-zjw", "reason": "returned", "order_no": "110101-20261202-000002", "supervision_id": 1}	supervise:1	claimed	1	2026-12-02 01:38:20.416898+00	sys-gw-1	2026-12-02 02:38:20.839692+00	\N	\N
\.


ALTER TABLE hotline.outbox ENABLE TRIGGER ALL;

--
-- Data for Name: public_notice; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.public_notice DISABLE TRIGGER ALL;

COPY hotline.public_notice (id, alarm_id, order_no, assignment_id, unit_id, hastenings, due_at, issued_at, text) FROM stdin;
1	24	110101-20261202-000004	6	2	2	2026-12-01 01:38:20.700623+00	2026-12-02 01:38:20.748873+00	【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。
\.


ALTER TABLE hotline.public_notice ENABLE TRIGGER ALL;

--
-- Data for Name: repeat_group; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.repeat_group DISABLE TRIGGER ALL;

COPY hotline.repeat_group (id, kind, rule, topic_id, citizen_id, opened_at, last_added_at, supervised) FROM stdin;
1	one_person	repeat_person	2	7	2026-12-02 01:38:20.651325+00	2026-12-02 01:38:20.651325+00	f
\.


ALTER TABLE hotline.repeat_group ENABLE TRIGGER ALL;

--
-- Data for Name: repeat_member; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.repeat_member DISABLE TRIGGER ALL;

COPY hotline.repeat_member (group_id, order_no, similarity, added_at) FROM stdin;
1	110101-20261202-000009	1	2026-12-02 01:38:20.651325+00
1	110101-20261202-000010	1	2026-12-02 01:38:20.651325+00
\.


ALTER TABLE hotline.repeat_member ENABLE TRIGGER ALL;

--
-- Data for Name: supervision; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.supervision DISABLE TRIGGER ALL;

COPY hotline.supervision (id, order_no, assignment_id, unit_id, reason, rule, group_id, opened_at, opened_by, person_in_charge, method, closed_at, closed_by, result) FROM stdin;
1	110101-20261202-000002	3	2	returned	bad_handling	\N	2026-12-02 01:38:20.416898+00	system	\N	\N	\N	\N	\N
2	110101-20261202-000003	\N	1	manual	\N	\N	2026-12-02 01:38:20.49288+00	督办员 01	督办科 王科长	phone	2026-12-02 01:38:20.508844+00	督办员 01	占道经营已清理，市民认可
3	110101-20261202-000007	\N	3	sent_back	bad_handling	\N	2026-12-02 01:38:20.616839+00	system	\N	\N	\N	\N	\N
4	110101-20261202-000008	\N	\N	emergency	emergency	\N	2026-12-02 01:38:20.620256+00	system	\N	phone	\N	\N	\N
5	110101-20261202-000004	6	2	notice	public_notice	\N	2026-12-02 01:38:20.748873+00	hotline.sweep	\N	\N	\N	\N	\N
\.


ALTER TABLE hotline.supervision ENABLE TRIGGER ALL;

--
-- Data for Name: supervision_record; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.supervision_record DISABLE TRIGGER ALL;

COPY hotline.supervision_record (id, supervision_id, at, actor, method, note) FROM stdin;
1	1	2026-12-02 01:38:20.416898+00	system	\N	退单 1 次
2	2	2026-12-02 01:38:20.49288+00	督办员 01	phone	市民多次来电，电话督促街道处理
3	2	2026-12-02 01:38:20.496853+00	督办员 01	on_site	街道已到现场劝离摊贩
4	3	2026-12-02 01:38:20.616839+00	system	\N	发回重办 1 次
5	4	2026-12-02 01:38:20.620256+00	system	\N	突发事件 (public_health): 已报告 emergency_department, duty_office
6	4	2026-12-02 01:38:20.641352+00	值班长 02	phone	已通知疾控中心和水务部门赶赴现场
7	5	2026-12-02 01:38:20.748873+00	hotline.sweep	\N	【12345热线】通报：东城区住房和城市建设委员会承办的工单110101-20261202-000004已于2026-12-01 09:38超期，经2次催办仍未办结。
\.


ALTER TABLE hotline.supervision_record ENABLE TRIGGER ALL;

--
-- Data for Name: workflow_action; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.workflow_action DISABLE TRIGGER ALL;

COPY hotline.workflow_action (workflow, action, scope, from_states, to_state, roles, required_params, reason_required, effects, description) FROM stdin;
\.


ALTER TABLE hotline.workflow_action ENABLE TRIGGER ALL;

--
-- Data for Name: workflow_escalation; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.workflow_escalation DISABLE TRIGGER ALL;

COPY hotline.workflow_escalation (workflow, rule, kind, due, states, share, before, every, notice_after, on_actions, settings, channel, template, enabled, builtin, description) FROM stdin;
appeal_12345	bad_handling	bad_handling	\N	\N	\N	\N	\N	\N	{return_order,send_back,callback_redo,callback}	{"returns": 1, "send_backs": 1, "dissatisfied": 1}	system	supervise	t	f	办理不力 (dump test): 退单一次即督办
\.


ALTER TABLE hotline.workflow_escalation ENABLE TRIGGER ALL;

--
-- Data for Name: workflow_hook; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.workflow_hook DISABLE TRIGGER ALL;

COPY hotline.workflow_hook (workflow, action, timing, function, "position") FROM stdin;
\.


ALTER TABLE hotline.workflow_hook ENABLE TRIGGER ALL;

--
-- Data for Name: workflow_limit; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.workflow_limit DISABLE TRIGGER ALL;

COPY hotline.workflow_limit (workflow, deadline, dispatch_mode, urgency, appeal_type, time_limit, builtin) FROM stdin;
appeal_12345	reply	phone	\N	\N	2 working days	f
\.


ALTER TABLE hotline.workflow_limit ENABLE TRIGGER ALL;

--
-- Data for Name: workflow_state; Type: TABLE DATA; Schema: hotline; Owner: -
--

ALTER TABLE hotline.workflow_state DISABLE TRIGGER ALL;

COPY hotline.workflow_state (workflow, scope, state, terminal, description) FROM stdin;
\.


ALTER TABLE hotline.workflow_state ENABLE TRIGGER ALL;

--
-- Name: alarm_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.alarm_id_seq', 52, true);


--
-- Name: assignment_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.assignment_id_seq', 10, true);


--
-- Name: citizen_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.citizen_id_seq', 8, true);


--
-- Name: job_run_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.job_run_id_seq', 6, true);


--
-- Name: order_event_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.order_event_id_seq', 57, true);


--
-- Name: outbox_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.outbox_id_seq', 13, true);


--
-- Name: public_notice_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.public_notice_id_seq', 1, true);


--
-- Name: repeat_group_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.repeat_group_id_seq', 1, true);


--
-- Name: supervision_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.supervision_id_seq', 5, true);


--
-- Name: supervision_record_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.supervision_record_id_seq', 7, true);


--
-- Name: topic_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.topic_id_seq', 4, true);


--
-- Name: unit_id_seq; Type: SEQUENCE SET; Schema: hotline; Owner: -
--

SELECT pg_catalog.setval('hotline.unit_id_seq', 4, true);


--
-- PostgreSQL database dump complete
--

\unrestrict mSaQtcE4rrGWR44I89DbVQ4Gr9eadfguUG44G6zbhgNs875LxuE5clqkDLYXee2

