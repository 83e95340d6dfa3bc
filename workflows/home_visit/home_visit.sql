-- The home-visit service (上门服务, R-13; seed 002, 政务服务中心上门服务管理
-- 规范): the second workflow plugin (R-14.2).  A government service centre's
-- unit sends qualified staff to citizens and companies who cannot come: a
-- serious illness or disability, a real difficulty and an application, an
-- urgent unfinished matter (an investment project), a group suited to
-- collective handling, or the window unit's own decision (R-13.1).  Before
-- the visit: the application, the unit's reply, the appointment, the
-- confirmation of information with the citizen, the preparation; during:
-- the service on site under the conduct rules; after: completion and the
-- citizen's evaluation (R-13.2).  Appointments are iCalendar invitations
-- (hotline.ical_message) sent through the outbox, and the clients' replies
-- come back through hotline.import_visit_reply (R-13.3).
--
-- Nothing here is in the engine or the hotline domain: the process is data
-- given to hotline.register_workflow, two hook functions, the plugin's own
-- tables and thin named functions.  Like the 12345 plugin this file is
-- appended to the install script (it comes after workflows/12345_appeal/,
-- whose hotline.accept a complaint about a visit uses).
--
-- Order states: applied (申请, waiting for the unit's reply), refused
-- (不予上门, with a reason), approved (同意上门), scheduled (已预约),
-- confirmed (信息已确认), prepared (已准备), visited (已上门), completed
-- (办结), evaluated (已评价), cancelled (已取消, by either side), archived.
--
--   new -apply-> applied -approve-> approved -book-> scheduled -confirm-> confirmed
--   confirmed -prepare-> prepared -record_visit-> visited -complete-> completed -evaluate-> evaluated
--   applied -refuse-> refused;  scheduled|confirmed|prepared -reschedule-> scheduled
--   applied..prepared -cancel-> cancelled;  evaluated|refused|cancelled -archive-> archived
--
-- The unit's side is its assignment (role "service"), so that its own
-- staff act on it (option unit_roles: the engine checks hotline.staff) and
-- its deadlines are counted on its calendar:
--   sign_due   the reply to the application (limit review: 2 working days)
--   reply_due  the visit done (limit visit: 10 working days from the
--              application)
--   the order's callback_due: the citizen's evaluation (limit evaluation:
--              3 working days after completion)
-- The seed gives no figures; these are the project's choice, rows of
-- hotline.workflow_limit a centre changes with its own.
--
-- Roles: agent (话务员, takes the application, the evaluation, a citizen's
-- cancellation or new time), unit (the service unit's staff: reply,
-- appointment, visit), supervisor, gateway (the e-mail gateway importing
-- calendar replies), system (archiving).

-- ---------------------------------------------------------------------------
-- The plugin's tables
-- ---------------------------------------------------------------------------

-- the qualifications a matter may need (特殊岗位 need a certificate)
CREATE TABLE @extschema@.visit_qualification_kind (
    qualification   text PRIMARY KEY CHECK (qualification ~ '^[a-z][a-z0-9_]{0,62}$'),
    description     text NOT NULL CHECK (description <> ''),
    certificate_required boolean NOT NULL DEFAULT false,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.visit_qualification_kind IS
    '上门服务: the qualifications a home visit''s matter may need; those of special posts (特殊岗位) need a certificate (R-13.2, seed 002 人员要求)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.visit_qualification_kind', 'WHERE NOT builtin');
INSERT INTO @extschema@.visit_qualification_kind (qualification, description, certificate_required, builtin) VALUES
    ('general', '政务服务综合受理 (general window service)', false, true),
    ('household', '户籍与居住证业务 (household registration, residence permits)', false, true),
    ('social_security', '社会保障与医保业务 (social and medical insurance)', false, true),
    ('business_registration', '企业开办与登记 (business registration)', false, true),
    ('disability_assessment', '残疾评定 (disability assessment): a certified assessor', true, true),
    ('notary', '公证 (notarisation): a certified notary', true, true);

-- the service units' addresses, the organiser of their invitations
CREATE TABLE @extschema@.visit_unit (
    unit_id         bigint PRIMARY KEY REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    email           text NOT NULL CHECK (email ~ '^[^@\s<>",;:]{1,64}@[A-Za-z0-9.-]{1,189}$'),
    phone           text CHECK (phone ~ '^[0-9+() -]{3,30}$'),
    max_hours       integer NOT NULL DEFAULT 4 CHECK (max_hours BETWEEN 1 AND 12)
);
COMMENT ON TABLE @extschema@.visit_unit IS
    '上门服务: the units that visit, with the address their invitations come from (ORGANIZER), the phone citizens call, and the longest appointment in hours';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.visit_unit', '');

-- the visiting staff: hotline.staff rows with an address and qualifications
CREATE TABLE @extschema@.visit_staff (
    staff_id        bigint PRIMARY KEY REFERENCES @extschema@.staff (id) ON UPDATE CASCADE ON DELETE CASCADE,
    email           text CHECK (email ~ '^[^@\s<>",;:]{1,64}@[A-Za-z0-9.-]{1,189}$')
);
COMMENT ON TABLE @extschema@.visit_staff IS
    '上门服务: staff who go on home visits, with the address their invitations go to (ATTENDEE; none: no invitation)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.visit_staff', '');

CREATE TABLE @extschema@.visit_staff_qualification (
    staff_id        bigint NOT NULL REFERENCES @extschema@.visit_staff (staff_id) ON UPDATE CASCADE ON DELETE CASCADE,
    qualification   text NOT NULL REFERENCES @extschema@.visit_qualification_kind (qualification) ON UPDATE CASCADE,
    certificate_no  text CHECK (certificate_no <> '' AND length(certificate_no) <= 64),
    valid_until     date,
    PRIMARY KEY (staff_id, qualification)
);
COMMENT ON TABLE @extschema@.visit_staff_qualification IS
    '上门服务: what each visiting staff member is qualified for, with the certificate and its validity where the post needs one';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.visit_staff_qualification', '');

-- one row per home visit: what the application said
CREATE TABLE @extschema@.home_visit (
    order_no        @extschema@.order_no PRIMARY KEY REFERENCES @extschema@.work_order (order_no),
    unit_id         bigint NOT NULL REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    ground          text NOT NULL CHECK (ground IN ('illness_disability', 'difficulty', 'urgent_matter', 'group', 'unit_decision')),
    evidence        text NOT NULL CHECK (evidence <> '' AND length(evidence) <= 2000),
    qualifications  text[] NOT NULL DEFAULT '{}',
    citizen_email   text CHECK (citizen_email ~ '^[^@\s<>",;:]{1,64}@[A-Za-z0-9.-]{1,189}$'),
    place           text NOT NULL CHECK (place <> '' AND length(place) <= 500)
);
CREATE INDEX ON @extschema@.home_visit (unit_id);
COMMENT ON TABLE @extschema@.home_visit IS
    '上门服务: the application of each home visit: its ground (R-13.1), the evidence, the qualifications its matter needs, the citizen''s address for invitations, the place';
COMMENT ON COLUMN @extschema@.home_visit.ground IS
    'R-13.1: illness_disability (重病、伤残无法到场), difficulty (确有困难并申请), urgent_matter (未完续办需急办, e.g. 招商引资), group (群体集中办理), unit_decision (窗口单位决定)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.home_visit', '');

-- orders linked to a visit: the 12345 call it arose from, complaints about it
CREATE TABLE @extschema@.home_visit_link (
    visit_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.home_visit (order_no),
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    kind            text NOT NULL CHECK (kind IN ('source', 'complaint')),
    at              timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (visit_no, order_no),
    CHECK (visit_no <> order_no)
);
CREATE INDEX ON @extschema@.home_visit_link (order_no);
COMMENT ON TABLE @extschema@.home_visit_link IS
    '上门服务: orders linked to a home visit, both ways: the order it arose from (source: a citizen who called and cannot come) and complaints about it (complaint)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.home_visit_link', '');

-- the appointment: one per visit, rescheduled in place (its SEQUENCE)
CREATE TABLE @extschema@.visit_appointment (
    order_no        @extschema@.order_no PRIMARY KEY REFERENCES @extschema@.home_visit (order_no),
    unit_id         bigint NOT NULL REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    uid             text NOT NULL UNIQUE,
    sequence        integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    during          tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
    place           text NOT NULL,
    status          text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'visited', 'cancelled')),
    citizen_partstat text NOT NULL DEFAULT 'NEEDS-ACTION'
                    CHECK (citizen_partstat IN ('NEEDS-ACTION', 'ACCEPTED', 'DECLINED', 'TENTATIVE', 'DELEGATED')),
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON @extschema@.visit_appointment USING gist (int8range(unit_id, unit_id, '[]'), during) WHERE status <> 'cancelled';
COMMENT ON TABLE @extschema@.visit_appointment IS
    '上门服务: the appointment of a home visit, an iCalendar event of UID uid whose SEQUENCE rises with each reschedule (R-13.3); the citizen''s answer to the invitation';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.visit_appointment', '');

-- each staff member's share of an appointment: never two at once
CREATE TABLE @extschema@.visit_booking (
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.visit_appointment (order_no),
    staff_id        bigint NOT NULL REFERENCES @extschema@.visit_staff (staff_id) ON UPDATE CASCADE,
    login           name NOT NULL,
    staff_name      text NOT NULL,
    unit_id         bigint NOT NULL REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    during          tstzrange NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    partstat        text NOT NULL DEFAULT 'NEEDS-ACTION'
                    CHECK (partstat IN ('NEEDS-ACTION', 'ACCEPTED', 'DECLINED', 'TENTATIVE', 'DELEGATED')),
    PRIMARY KEY (order_no, staff_id),
    CONSTRAINT visit_booking_no_overlap EXCLUDE USING gist
        (int8range(staff_id, staff_id, '[]') WITH &&, during WITH &&) WHERE (active)
);
COMMENT ON TABLE @extschema@.visit_booking IS
    '上门服务: the staff of an appointment and their answers; the exclusion constraint keeps one staff member from two appointments at once, whoever books them';
COMMENT ON COLUMN @extschema@.visit_booking.staff_name IS
    'the staff member''s login and name as they were when booked (the schedule shows them to those who read the booking; hotline.staff is the administrators'')';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.visit_booking', '');

-- ---------------------------------------------------------------------------
-- Checks and hooks
-- ---------------------------------------------------------------------------

-- An instant of an action's parameters: ISO 8601 with an offset, or 22023
-- naming the parameter.
CREATE FUNCTION @extschema@.home_visit_time(params jsonb, name text) RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v   text := home_visit_time.params ->> home_visit_time.name;
BEGIN
    IF v IS NULL OR length(v) > 40 OR v !~ '^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d(:?\d\d)?)$' THEN
        RAISE EXCEPTION 'invalid %: %', home_visit_time.name, coalesce(quote_literal(left(v, 40)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An appointment''s times are instants with their offset, so that no session''s time zone changes them.',
                  HINT = 'Pass e.g. ''2026-12-07T09:00:00+08:00''.';
    END IF;
    RETURN v::timestamptz;
EXCEPTION WHEN data_exception THEN
    RAISE EXCEPTION 'invalid %: %', home_visit_time.name, quote_literal(v)
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'That instant does not exist.',
              HINT = 'Pass e.g. ''2026-12-07T09:00:00+08:00''.';
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_time(jsonb, text) IS
    'internal: an instant of a home visit''s action parameters (ISO 8601 with an offset), or 22023 naming the parameter';

-- A short text parameter: present when required, at most max characters,
-- no control characters other than line breaks.
CREATE FUNCTION @extschema@.home_visit_text(params jsonb, name text, max integer, required boolean) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v   jsonb := home_visit_text.params -> home_visit_text.name;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        IF home_visit_text.required THEN
            RAISE EXCEPTION '% is required', home_visit_text.name
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'See README, Home visits, for the parameters of each step.';
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'string' OR btrim(v #>> '{}') = '' OR length(v #>> '{}') > home_visit_text.max
       OR (v #>> '{}') ~ '[\x01-\x09\x0b\x0c\x0e-\x1f\x7f]' THEN
        RAISE EXCEPTION 'invalid %: %', home_visit_text.name, left(v::text, 60)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s is a text of 1 to %s characters without control characters.', home_visit_text.name, home_visit_text.max);
    END IF;
    RETURN v #>> '{}';
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_text(jsonb, text, integer, boolean) IS
    'internal: a text parameter of a home visit''s action, checked (length, no control characters), or 22023 naming it';

-- A one-line text parameter (a place): no line break either.
CREATE FUNCTION @extschema@.home_visit_line_text(params jsonb, name text, max integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    v   text := home_visit_text(home_visit_line_text.params, home_visit_line_text.name, home_visit_line_text.max, false);
BEGIN
    IF v ~ '[\r\n]' THEN
        RAISE EXCEPTION 'invalid %: %', home_visit_line_text.name, left(v, 60)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s is one line.', home_visit_line_text.name);
    END IF;
    RETURN v;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_line_text(jsonb, text, integer) IS
    'internal: a one-line text parameter of a home visit''s action (a place), checked, or 22023 naming it';

-- The logins of the staff booked for a visit now, as a JSON array.
CREATE FUNCTION @extschema@.home_visit_booked(order_no @extschema@.order_no) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
SELECT coalesce(jsonb_agg(b.login ORDER BY b.login), '[]') FROM visit_booking b
WHERE b.order_no = home_visit_booked.order_no AND b.active
$$;
COMMENT ON FUNCTION @extschema@.home_visit_booked(@extschema@.order_no) IS
    'internal: the logins of the staff booked for a visit, a JSON array';

-- A list parameter: absent, or an array of at most max_items texts of 1 to
-- 200 characters; else 22023 naming it.
CREATE FUNCTION @extschema@.home_visit_list(params jsonb, name text, max_items integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF home_visit_list.params ? home_visit_list.name
       AND (jsonb_typeof(home_visit_list.params -> home_visit_list.name) <> 'array'
            OR jsonb_array_length(home_visit_list.params -> home_visit_list.name) > home_visit_list.max_items
            OR EXISTS (SELECT 1 FROM jsonb_array_elements(home_visit_list.params -> home_visit_list.name) m
                       WHERE jsonb_typeof(m) <> 'string' OR length(m #>> '{}') NOT BETWEEN 1 AND 200)) THEN
        RAISE EXCEPTION 'invalid %: %', home_visit_list.name, left((home_visit_list.params -> home_visit_list.name)::text, 60)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s is a list of at most %s texts of 1 to 200 characters.', home_visit_list.name, home_visit_list.max_items),
                  HINT = format('Pass e.g. %s => ''{身份证原件, 户口簿}''.', home_visit_list.name);
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_list(jsonb, text, integer) IS
    'internal: a list parameter of a home visit''s action (materials, documents), checked, or 22023 naming it';

-- One line of an invitation's text: control characters (a tab, a line
-- break) as a space, so that what an application accepted always makes a
-- valid iCalendar text (hotline.ical_message refuses them in these fields).
CREATE FUNCTION @extschema@.home_visit_line(t text, max integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT left(btrim(regexp_replace(home_visit_line.t, '[\x01-\x1f\x7f]+', ' ', 'g')), home_visit_line.max)
$$;
COMMENT ON FUNCTION @extschema@.home_visit_line(text, integer) IS
    'a text as one line of at most max characters for an invitation (control characters as a space); a pure function, callable by anyone (the feed uses it with the caller''s rights)';

-- The staff of an appointment: 1 to 5 logins, each active staff of the
-- visit's unit, a visiting staff member holding every qualification the
-- matter needs (with a certificate valid on the day where the post needs
-- one), not excluded from the order (回避).  Returns their staff ids.
CREATE FUNCTION @extschema@.home_visit_staff(order_no @extschema@.order_no, logins jsonb, starts timestamptz)
RETURNS bigint[]
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    h       @extschema@.home_visit;
    lg      text;
    s       record;
    missing text;
    ids     bigint[] := '{}';
    day     date;
BEGIN
    SELECT * INTO h FROM home_visit v WHERE v.order_no = home_visit_staff.order_no;
    -- the day of the visit in the unit's calendar's zone
    SELECT (home_visit_staff.starts AT TIME ZONE c.time_zone)::date INTO day
    FROM unit u JOIN calendar c ON c.name = u.calendar WHERE u.id = h.unit_id;
    IF jsonb_typeof(home_visit_staff.logins) IS DISTINCT FROM 'array' OR jsonb_array_length(home_visit_staff.logins) NOT BETWEEN 1 AND 5 THEN
        RAISE EXCEPTION 'invalid staff: %', coalesce(left(home_visit_staff.logins::text, 60), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A home visit is made by 1 to 5 staff members, named by their logins.',
                  HINT = 'Pass e.g. staff => ''{wangfang, zhaolei}''.';
    END IF;
    FOR lg IN SELECT jsonb_array_elements_text(home_visit_staff.logins) LOOP
        SELECT st.id, vs.staff_id IS NOT NULL AS visits INTO s
        FROM staff st LEFT JOIN visit_staff vs ON vs.staff_id = st.id
        WHERE st.login = lg::name;
        IF NOT FOUND OR NOT s.visits OR NOT acts_for_unit(lg::name, h.unit_id) THEN
            RAISE EXCEPTION 'staff "%" may not visit for order %', lg, home_visit_staff.order_no
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A home visit is made by active staff of the visit''s unit recorded as visiting staff (hotline.visit_staff).',
                      HINT = 'Choose staff of the unit, or ask the administrator to record them in hotline.visit_staff.';
        END IF;
        SELECT string_agg(q, ', ' ORDER BY q) INTO missing
        FROM unnest(h.qualifications) q
        WHERE NOT EXISTS (SELECT 1 FROM visit_staff_qualification sq
                          JOIN visit_qualification_kind k ON k.qualification = sq.qualification
                          WHERE sq.staff_id = s.id AND sq.qualification = q
                            AND (NOT k.certificate_required
                                 OR (sq.certificate_no IS NOT NULL AND coalesce(sq.valid_until >= day, true))));
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION 'staff "%" is not qualified for order %: %', lg, home_visit_staff.order_no, missing
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'The matter needs these qualifications, with a certificate valid on the day of the visit where the post needs one (人员要求, R-13.2).',
                      HINT = 'Choose staff who hold them (hotline.visit_staff_qualification).';
        END IF;
        IF EXISTS (SELECT 1 FROM order_exclusion x WHERE x.order_no = home_visit_staff.order_no AND x.login = lg::name) THEN
            RAISE EXCEPTION 'staff "%" is excluded from order %', lg, home_visit_staff.order_no
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'The staff member declared a conflict of interest or was named by the citizen (回避, R-4.6).',
                      HINT = 'Choose a colleague.';
        END IF;
        IF s.id = ANY (ids) THEN
            RAISE EXCEPTION 'staff "%" is named twice', lg USING ERRCODE = 'invalid_parameter_value';
        END IF;
        ids := ids || s.id;
    END LOOP;
    RETURN ids;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_staff(@extschema@.order_no, jsonb, timestamptz) IS
    'internal: the staff ids of an appointment''s logins, each checked: active staff of the visit''s unit, visiting staff, qualified for the matter on the day, not excluded from the order';

-- The window of an appointment: in the future, at most the unit's
-- max_hours long, inside one business period of a working day of the
-- unit's calendar (no part of it outside business hours).
CREATE FUNCTION @extschema@.home_visit_window(unit_id bigint, starts timestamptz, ends timestamptz) RETURNS tstzrange
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    cal     text;
    tz      text;
    hours   integer;
BEGIN
    SELECT u.calendar, c.time_zone, coalesce(vu.max_hours, 4) INTO cal, tz, hours
    FROM unit u JOIN calendar c ON c.name = u.calendar LEFT JOIN visit_unit vu ON vu.unit_id = u.id
    WHERE u.id = home_visit_window.unit_id;
    IF home_visit_window.ends <= home_visit_window.starts
       OR home_visit_window.ends - home_visit_window.starts > make_interval(hours => hours) THEN
        RAISE EXCEPTION 'invalid appointment from % to %',
                        to_char(home_visit_window.starts AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                        to_char(home_visit_window.ends AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('An appointment ends after it starts and lasts at most %s hours (the unit''s max_hours).', hours),
                  HINT = 'Pass e.g. starts => ''2026-12-07T09:00:00+08:00'', ends => ''2026-12-07T10:00:00+08:00''.';
    END IF;
    IF home_visit_window.starts > now() + interval '5 years' THEN
        RAISE EXCEPTION 'appointment starts more than five years ahead: %', to_char(home_visit_window.starts AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Offer a time of the coming weeks.';
    END IF;
    IF home_visit_window.starts < now() THEN
        RAISE EXCEPTION 'appointment starts in the past: %', to_char(home_visit_window.starts AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Offer the citizen a time to come.';
    END IF;
    IF working_time(cal, home_visit_window.starts, home_visit_window.ends) <> home_visit_window.ends - home_visit_window.starts THEN
        RAISE EXCEPTION 'appointment from % to % is outside the business hours of calendar "%"',
                        to_char(home_visit_window.starts AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                        to_char(home_visit_window.ends AT TIME ZONE tz, 'HH24:MI'), cal
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Appointments are offered inside the unit''s business hours on working days (its calendar''s business_hours, holidays and working weekends).',
                  HINT = 'Choose a time inside one business period of a working day, e.g. 09:00 to 10:00 on a weekday that is not a holiday.';
    END IF;
    RETURN tstzrange(home_visit_window.starts, home_visit_window.ends, '[)');
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_window(bigint, timestamptz, timestamptz) IS
    'internal: the appointment window, checked: in the future, at most the unit''s max_hours, wholly inside business hours of working days of the unit''s calendar';

-- The invitation of a visit as an iTIP message (hotline.ical_message) to
-- each attendee with an address, through the outbox: the staff (ATTENDEE,
-- REQ-PARTICIPANT) and the citizen; the citizen without an address gets a
-- text message to the phone instead.  only_staff: the removed staff of a
-- reschedule, who get a CANCEL of their own.
CREATE FUNCTION @extschema@.home_visit_send(order_no @extschema@.order_no, method text, only_staff bigint[] DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    ap          visit_appointment;
    h           home_visit;
    o           work_order;
    u           unit;
    vu          visit_unit;
    tz          text;
    cit         citizen;
    attendees   jsonb;
    ev          jsonb;
    ics         text;
    subject     text;
    when_text   text;
    msgs        outbox_message[];
    a           jsonb;
    setting     jsonb := workflow_setting_value('home_visit', 'invitation');
BEGIN
    SELECT * INTO ap FROM visit_appointment x WHERE x.order_no = home_visit_send.order_no;
    SELECT * INTO h FROM home_visit x WHERE x.order_no = home_visit_send.order_no;
    SELECT * INTO o FROM work_order x WHERE x.order_no = home_visit_send.order_no;
    SELECT * INTO u FROM unit x WHERE x.id = ap.unit_id;
    SELECT * INTO vu FROM visit_unit x WHERE x.unit_id = ap.unit_id;
    SELECT c.time_zone INTO tz FROM calendar c WHERE c.name = u.calendar;
    SELECT * INTO cit FROM citizen c WHERE c.id = o.citizen_id;
    IF vu.unit_id IS NULL THEN
        RAISE EXCEPTION 'unit "%" has no address for invitations', u.code
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A unit''s invitations come from its address (ORGANIZER), recorded in hotline.visit_unit.',
                  HINT = 'Ask the administrator to add the unit to hotline.visit_unit.';
    END IF;

    SELECT coalesce(jsonb_agg(jsonb_build_object('email', vs.email, 'name', home_visit_line(b.staff_name, 100), 'role', 'REQ-PARTICIPANT',
                                                 'partstat', CASE WHEN home_visit_send.method = 'CANCEL' THEN b.partstat
                                                                  ELSE 'NEEDS-ACTION' END,
                                                 'rsvp', home_visit_send.method = 'REQUEST')
                              ORDER BY b.login), '[]')
      INTO attendees
    FROM visit_booking b JOIN visit_staff vs ON vs.staff_id = b.staff_id
    WHERE b.order_no = home_visit_send.order_no AND vs.email IS NOT NULL
      AND (CASE WHEN home_visit_send.only_staff IS NOT NULL THEN b.staff_id = ANY (home_visit_send.only_staff)
                ELSE b.active END);
    IF h.citizen_email IS NOT NULL AND home_visit_send.only_staff IS NULL THEN
        attendees := attendees || jsonb_build_array(jsonb_build_object(
            'email', h.citizen_email, 'name', home_visit_line(coalesce(o.contact_name, cit.name), 100), 'role', 'REQ-PARTICIPANT',
            'partstat', CASE WHEN home_visit_send.method = 'CANCEL' THEN ap.citizen_partstat ELSE 'NEEDS-ACTION' END,
            'rsvp', home_visit_send.method = 'REQUEST'));
    END IF;

    when_text := to_char(lower(ap.during) AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI') || '-'
                 || to_char(upper(ap.during) AT TIME ZONE tz, 'HH24:MI');
    subject := CASE home_visit_send.method WHEN 'CANCEL' THEN '上门服务已取消：' ELSE '上门服务预约：' END
               || when_text || ' ' || home_visit_line(ap.place, 60);
    ev := jsonb_build_object(
        'uid', ap.uid, 'sequence', ap.sequence,
        'start', lower(ap.during), 'end', upper(ap.during),
        'summary', '上门服务：' || home_visit_line(o.description, 80),
        'description', format(E'工单 %s\n事项：%s\n%s%s', o.order_no, home_visit_line(o.description, 1000),
                              CASE WHEN o.demand IS NOT NULL THEN '诉求：' || home_visit_line(o.demand, 1000) || E'\n' ELSE '' END,
                              '联系电话：' || coalesce(vu.phone, '12345')),
        'location', home_visit_line(ap.place, 500),
        'organizer', jsonb_build_object('email', vu.email, 'name', home_visit_line(u.name, 200)),
        'attendees', attendees);
    -- staff taken off a visit get its cancellation without the matter and
    -- the citizen's address (they may have been taken off for 回避)
    IF home_visit_send.only_staff IS NOT NULL THEN
        ev := ev - 'description' - 'location' || jsonb_build_object('summary', '上门服务（已改派）');
    END IF;
    IF home_visit_send.method = 'REQUEST' THEN
        ev := ev || jsonb_build_object('alarm_minutes',
                coalesce((setting ->> 'alarm_minutes')::integer, 60),
                'status', 'CONFIRMED');
    END IF;

    IF jsonb_array_length(attendees) > 0 THEN
        ics := ical_message(home_visit_send.method, jsonb_build_array(ev), tz, setting ->> 'prodid');
        FOR a IN SELECT jsonb_array_elements(attendees) LOOP
            msgs := msgs || ROW(home_visit_send.order_no, NULL, NULL, a ->> 'email', 'email', 'home_visit.invitation',
                jsonb_build_object('subject', subject, 'method', home_visit_send.method, 'uid', ap.uid,
                                   'sequence', ap.sequence, 'order_no', home_visit_send.order_no::text,
                                   'content_type', format('text/calendar; method=%s; charset=UTF-8', home_visit_send.method),
                                   'ics', ics),
                format('home_visit:%s:%s:%s:%s', ap.uid, ap.sequence, home_visit_send.method, a ->> 'email'),
                NULL)::outbox_message;
        END LOOP;
    END IF;
    -- the citizen without an address: a text message with the time and place
    IF h.citizen_email IS NULL AND home_visit_send.only_staff IS NULL AND cit.phone IS NOT NULL THEN
        msgs := msgs || ROW(home_visit_send.order_no, NULL, NULL, cit.phone, 'sms', 'home_visit.sms',
            jsonb_build_object('text', render_message('home_visit',
                                   CASE home_visit_send.method WHEN 'CANCEL' THEN 'visit_cancelled' ELSE 'visit_booked' END, NULL,
                                   jsonb_build_object('order_no', home_visit_send.order_no::text, 'unit', u.name,
                                                      'due_at', lower(ap.during), 'description', home_visit_line(ap.place, 100),
                                                      'reason', coalesce(vu.phone, '12345')), u.calendar)),
            format('home_visit:%s:%s:%s:sms', ap.uid, ap.sequence, home_visit_send.method), NULL)::outbox_message;
    END IF;
    IF msgs IS NULL THEN
        RETURN 0;
    END IF;
    RETURN cardinality(outbox_add(msgs));
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_send(@extschema@.order_no, text, bigint[]) IS
    'internal: sends a visit''s invitation (REQUEST) or cancellation (CANCEL) as iCalendar through the outbox, one e-mail per attendee with an address, a text message to a citizen without one; returns the messages added';

-- The before-hook: every rule of this process that is not a generic effect,
-- checked before the engine changes anything.
CREATE FUNCTION @extschema@.home_visit_check(order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    h       home_visit;
    ap      visit_appointment;
    slot    tstzrange;
BEGIN
    SELECT * INTO h FROM home_visit v WHERE v.order_no = home_visit_check.order_no;
    SELECT * INTO ap FROM visit_appointment v WHERE v.order_no = home_visit_check.order_no;
    CASE home_visit_check.action
    WHEN 'book', 'reschedule' THEN
        slot := home_visit_window(h.unit_id, home_visit_time(params, 'starts'), home_visit_time(params, 'ends'));
        -- the staff named, or those kept: each checked again for the new day
        PERFORM home_visit_staff(home_visit_check.order_no,
                                 CASE WHEN home_visit_check.action = 'book' OR params ? 'staff' THEN params -> 'staff'
                                      ELSE home_visit_booked(home_visit_check.order_no) END,
                                 lower(slot));
        PERFORM home_visit_line_text(params, 'place', 500);
        PERFORM home_visit_text(params, 'reason', 2000, home_visit_check.action = 'reschedule');
    WHEN 'refuse', 'cancel' THEN
        PERFORM home_visit_text(params, 'reason', 2000, true);
    WHEN 'complete' THEN
        PERFORM home_visit_text(params, 'result', 4000, true);
    WHEN 'confirm', 'prepare', 'record_visit' THEN
        -- the staff booked are still the unit's, qualified, not excluded
        -- (回避 declared since, a certificate run out): else a new time or
        -- colleague first
        PERFORM home_visit_staff(home_visit_check.order_no, home_visit_booked(home_visit_check.order_no), lower(ap.during));
        PERFORM home_visit_step(home_visit_check.order_no, home_visit_check.action, params);
    WHEN 'evaluate' THEN
        IF params ->> 'satisfaction' IS NULL
           OR params ->> 'satisfaction' NOT IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable') THEN
            RAISE EXCEPTION 'invalid satisfaction: %', coalesce(params ->> 'satisfaction', 'NULL')
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass satisfied (满意), basically_satisfied (基本满意), dissatisfied (不满意) or unreachable (无法联系).';
        END IF;
        PERFORM home_visit_text(params, 'comment', 2000, false);
    WHEN 'invitation_reply' THEN
        IF params ->> 'partstat' IS NULL OR params ->> 'partstat' NOT IN ('ACCEPTED', 'DECLINED', 'TENTATIVE') THEN
            RAISE EXCEPTION 'invalid partstat: %', coalesce(params ->> 'partstat', 'NULL')
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'A reply accepts (ACCEPTED), declines (DECLINED) or tentatively accepts (TENTATIVE).';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM visit_booking b JOIN visit_staff vs ON vs.staff_id = b.staff_id
                       WHERE b.order_no = home_visit_check.order_no AND b.active
                         AND lower(vs.email) = lower(params ->> 'email'))
           AND lower(h.citizen_email) IS DISTINCT FROM lower(params ->> 'email') THEN
            RAISE EXCEPTION 'attendee "%" is not invited to the visit of order %', left(params ->> 'email', 254), home_visit_check.order_no
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A reply is taken from the staff of the appointment and the citizen, by the address the invitation went to.';
        END IF;
    ELSE
        NULL;
    END CASE;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb) IS
    'internal: the home-visit workflow''s before-hook: the appointment window and staff, reasons and results, the confirmation, the preparation and conduct checklists, the evaluation, a calendar reply';

-- A checklist of the setting checklists (prepare: 服务准备, conduct: 服务规范,
-- R-13.2): every item of it true in what was given, else 22023 naming the
-- first item that is not.
CREATE FUNCTION @extschema@.home_visit_checklist(list text, given jsonb) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    items   jsonb := coalesce(workflow_setting_value('home_visit', 'checklists') -> home_visit_checklist.list, '[]');
    k       text;
BEGIN
    SELECT min(x) INTO k FROM jsonb_array_elements_text(items) x
    WHERE (home_visit_checklist.given -> x) IS DISTINCT FROM 'true'::jsonb;
    IF k IS NULL THEN
        RETURN;
    ELSIF home_visit_checklist.list = 'prepare' THEN
        RAISE EXCEPTION 'preparation item "%" is not done', k
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The preparation checklist (setting checklists) is: %s; each must be true.', items),
                  HINT = 'Pass checklist => ''{"materials": true, ...}'' when every item is done.';
    ELSE
        RAISE EXCEPTION 'conduct item "%" is not signed', k
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The conduct checklist (setting checklists) is: %s; each must be true (不得设障刁难, 不得索取钱物, R-13.2).', items),
                  HINT = 'Pass conduct => ''{"no_gifts": true, ..., "signed_by": ["wangfang"]}''; a breach is recorded in the note and handled by the rules.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_checklist(text, jsonb) IS
    'internal: checks a checklist of the setting checklists (prepare or conduct) against what was given: every item true, or 22023 naming the first that is not';

-- The steps of a booked visit (confirm, prepare, record_visit): their
-- parameters, checked before the engine changes anything.
CREATE FUNCTION @extschema@.home_visit_step(order_no @extschema@.order_no, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    ap      visit_appointment;
    item    jsonb;
    booked  text[];
    signed  text[];
    arrived timestamptz;
BEGIN
    SELECT * INTO ap FROM visit_appointment v WHERE v.order_no = home_visit_step.order_no;
    CASE home_visit_step.action
    WHEN 'confirm' THEN
        IF params ->> 'contact' IS DISTINCT FROM 'phone' AND params ->> 'contact' IS DISTINCT FROM 'sms'
           AND params ->> 'contact' IS DISTINCT FROM 'email' AND params ->> 'contact' IS DISTINCT FROM 'in_person' THEN
            RAISE EXCEPTION 'invalid contact: %', coalesce(params ->> 'contact', 'NULL')
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'The information is confirmed with the citizen by phone, sms, email or in_person (答复与信息确认, R-13.2).',
                      HINT = 'Pass contact => ''phone''.';
        END IF;
        PERFORM home_visit_list(params, 'materials', 50);
        PERFORM home_visit_text(params, 'note', 2000, false);
    WHEN 'prepare' THEN
        PERFORM home_visit_checklist('prepare', params -> 'checklist');
    WHEN 'record_visit' THEN
        arrived := home_visit_time(params, 'arrived_at');
        IF arrived < lower(ap.during) - interval '2 hours' OR arrived > upper(ap.during) + interval '12 hours' THEN
            RAISE EXCEPTION 'invalid arrived_at: % for the appointment from % to %', arrived, lower(ap.during), upper(ap.during)
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'The staff arrive on the day of the appointment, from two hours before it to twelve hours after its end.',
                      HINT = 'Pass the time the staff arrived; an appointment that did not take place is moved (reschedule) or cancelled.';
        END IF;
        PERFORM home_visit_text(params, 'done', 4000, true);
        IF jsonb_typeof(params -> 'completed_on_site') IS DISTINCT FROM 'boolean' THEN
            RAISE EXCEPTION 'invalid completed_on_site: %', coalesce((params -> 'completed_on_site')::text, 'NULL')
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass completed_on_site => true when the matter was completed on the spot (现场办结), else false.';
        END IF;
        PERFORM home_visit_list(params, 'documents', 50);
        PERFORM home_visit_text(params, 'note', 2000, false);
        -- 服务规范: the conduct checklist, signed by every staff member who went
        item := params -> 'conduct';
        PERFORM home_visit_checklist('conduct', item);
        SELECT coalesce(array_agg(b.login::text ORDER BY b.login), '{}') INTO booked
        FROM visit_booking b
        WHERE b.order_no = home_visit_step.order_no AND b.active;
        IF jsonb_typeof(item -> 'signed_by') IS DISTINCT FROM 'array' OR jsonb_array_length(item -> 'signed_by') > 5 THEN
            signed := NULL;
        ELSE
            SELECT array_agg(DISTINCT x ORDER BY x) INTO signed FROM jsonb_array_elements_text(item -> 'signed_by') x;
        END IF;
        IF signed IS DISTINCT FROM booked THEN
            RAISE EXCEPTION 'the conduct checklist is signed by %, not by the staff who went: %',
                            coalesce(array_to_string(signed, ', '), 'no one'), array_to_string(booked, ', ')
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Each staff member of the appointment signs the conduct checklist of the visit.',
                      HINT = 'Pass conduct => ''{..., "signed_by": [every login of the appointment]}''.';
        END IF;
    ELSE
        NULL;
    END CASE;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_step(@extschema@.order_no, text, jsonb) IS
    'internal: the parameters of a booked visit''s steps (confirm, prepare, record_visit), checked: the contact and materials, the preparation checklist, the arrival, the record, the conduct checklist signed by the staff who went';

-- The after-hook: the plugin's own rows and the invitations.
CREATE FUNCTION @extschema@.home_visit_after(order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    svc_unit    bigint;
    src         order_no;
    q           text[];
    slot        tstzrange;
    ids         bigint[];
    removed     bigint[];
    visit_place text;
    addr        text;
    unknown     text;
BEGIN
    SELECT a.unit_id INTO svc_unit FROM assignment a
    WHERE a.order_no = home_visit_after.order_no AND a.role = 'service'
    ORDER BY a.id DESC LIMIT 1;
    CASE home_visit_after.action
    WHEN 'apply' THEN
        IF params ->> 'ground' IS NULL OR params ->> 'ground' NOT IN
           ('illness_disability', 'difficulty', 'urgent_matter', 'group', 'unit_decision') THEN
            RAISE EXCEPTION 'invalid ground: %', coalesce(params ->> 'ground', 'NULL')
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A home visit is for: illness_disability (重病、伤残无法到场), difficulty (确有困难), urgent_matter (急办事项), group (群体集中办理), unit_decision (窗口单位决定) (R-13.1).',
                      HINT = 'Pass e.g. ground => ''illness_disability'' with the evidence (证明).';
        END IF;
        IF jsonb_typeof(coalesce(params -> 'qualifications', '[]')) <> 'array'
           OR jsonb_array_length(coalesce(params -> 'qualifications', '[]')) > 10 THEN
            RAISE EXCEPTION 'invalid qualifications: %', left((params -> 'qualifications')::text, 60)
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass at most 10 names of hotline.visit_qualification_kind.';
        END IF;
        SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') INTO q
        FROM jsonb_array_elements_text(coalesce(params -> 'qualifications', '[]')) x;
        SELECT min(x) INTO unknown FROM unnest(q) x
        WHERE NOT EXISTS (SELECT 1 FROM visit_qualification_kind k WHERE k.qualification = x);
        IF unknown IS NOT NULL THEN
            RAISE EXCEPTION 'unknown qualification: %', unknown
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The qualifications a matter may need are the rows of hotline.visit_qualification_kind.';
        END IF;
        addr := home_visit_text(params, 'citizen_email', 254, false);
        IF addr IS NOT NULL AND addr !~ '^[^@\s<>",;:]{1,64}@[A-Za-z0-9.-]{1,189}$' THEN
            RAISE EXCEPTION 'invalid citizen_email: %', left(addr, 60)
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass a plain address such as li.daye@example.com, or none.';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM visit_unit vu WHERE vu.unit_id = svc_unit) THEN
            RAISE EXCEPTION 'unit "%" makes no home visits', (SELECT u.code FROM unit u WHERE u.id = svc_unit)
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Home visits go to the units recorded in hotline.visit_unit.',
                      HINT = 'Choose the service centre''s unit that visits.';
        END IF;
        -- 是否保密 (R-11.1) hides the citizen from units; a home visit takes
        -- the unit's staff to the citizen's door
        IF (SELECT w.confidential FROM work_order w WHERE w.order_no = home_visit_after.order_no) THEN
            RAISE EXCEPTION 'a home visit cannot be confidential'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A confidential order hides the citizen from the units (是否保密, R-11.1); a home visit sends the unit''s staff to the citizen''s address.',
                      HINT = 'Ask the citizen whether the unit may know the name and address; otherwise the matter is handled without a visit.';
        END IF;
        visit_place := coalesce(home_visit_line_text(params, 'place', 500), home_visit_line_text(params, 'address', 500));
        IF visit_place IS NULL THEN
            RAISE EXCEPTION 'a home visit needs the address'
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass address => ''...'' (where the staff go).';
        END IF;
        INSERT INTO home_visit (order_no, unit_id, ground, evidence, qualifications, citizen_email, place)
        VALUES (home_visit_after.order_no, svc_unit, params ->> 'ground', home_visit_text(params, 'evidence', 2000, true), q, addr, visit_place);
        IF params ->> 'source_order' IS NOT NULL THEN
            BEGIN
                src := (params ->> 'source_order')::order_no;
            EXCEPTION WHEN OTHERS THEN
                RAISE EXCEPTION 'invalid source_order: %', left(params ->> 'source_order', 40)
                    USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass the number of the order the visit arose from.';
            END;
            IF NOT EXISTS (SELECT 1 FROM work_order w WHERE w.order_no = src AND w.workflow <> 'home_visit') THEN
                RAISE EXCEPTION 'source_order % does not exist', src
                    USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass the number of the appeal the visit arose from.';
            END IF;
            INSERT INTO home_visit_link (visit_no, order_no, kind) VALUES (home_visit_after.order_no, src, 'source');
        END IF;
    WHEN 'book', 'reschedule' THEN
        -- checked by the before-hook (home_visit_check): the window, the
        -- staff named (or, on a reschedule naming none, those kept), the place
        slot := tstzrange(home_visit_time(params, 'starts'), home_visit_time(params, 'ends'), '[)');
        IF params ? 'staff' THEN
            SELECT array_agg(st.id ORDER BY st.id) INTO ids FROM staff st
            WHERE st.login = ANY (ARRAY(SELECT jsonb_array_elements_text(params -> 'staff'))::name[]);
        ELSE
            SELECT array_agg(b.staff_id ORDER BY b.staff_id) INTO ids FROM visit_booking b
            WHERE b.order_no = home_visit_after.order_no AND b.active;
        END IF;
        SELECT array_agg(b.staff_id) INTO removed FROM visit_booking b
        WHERE b.order_no = home_visit_after.order_no AND b.active AND b.staff_id <> ALL (ids);
        -- the appointment: new (SEQUENCE 0), or moved (SEQUENCE raised, the
        -- citizen asked again)
        INSERT INTO visit_appointment AS ap (order_no, unit_id, uid, during, place)
        SELECT home_visit_after.order_no, svc_unit,
               format('visit-%s@%s', home_visit_after.order_no,
                      coalesce(workflow_setting_value('home_visit', 'invitation') ->> 'uid_domain', 'hotline.invalid')),
               slot, coalesce(params ->> 'place', h.place)
        FROM home_visit h WHERE h.order_no = home_visit_after.order_no
        ON CONFLICT ON CONSTRAINT visit_appointment_pkey DO UPDATE
            SET sequence = ap.sequence + 1, during = excluded.during, place = coalesce(params ->> 'place', ap.place),
                citizen_partstat = 'NEEDS-ACTION', updated_at = now();
        IF removed IS NOT NULL THEN
            PERFORM home_visit_send(home_visit_after.order_no, 'CANCEL', removed);
        END IF;
        PERFORM home_visit_book_staff(home_visit_after.order_no, svc_unit, ids, slot);
        PERFORM home_visit_send(home_visit_after.order_no, 'REQUEST');
    WHEN 'cancel' THEN
        IF EXISTS (SELECT 1 FROM visit_appointment ap WHERE ap.order_no = home_visit_after.order_no AND ap.status = 'booked') THEN
            UPDATE visit_appointment ap SET sequence = ap.sequence + 1, status = 'cancelled', updated_at = now()
            WHERE ap.order_no = home_visit_after.order_no;
            PERFORM home_visit_send(home_visit_after.order_no, 'CANCEL');
            UPDATE visit_booking b SET active = false WHERE b.order_no = home_visit_after.order_no;
        END IF;
    WHEN 'record_visit' THEN
        UPDATE visit_appointment ap SET status = 'visited', updated_at = now()
        WHERE ap.order_no = home_visit_after.order_no;
    WHEN 'invitation_reply' THEN
        UPDATE visit_booking b SET partstat = params ->> 'partstat'
        FROM visit_staff vs
        WHERE b.order_no = home_visit_after.order_no AND b.active AND vs.staff_id = b.staff_id
          AND lower(vs.email) = lower(params ->> 'email');
        UPDATE visit_appointment ap SET citizen_partstat = params ->> 'partstat', updated_at = now()
        FROM home_visit h
        WHERE ap.order_no = home_visit_after.order_no AND h.order_no = ap.order_no
          AND lower(h.citizen_email) = lower(params ->> 'email');
        -- declined: the unit finds another time or colleague
        IF params ->> 'partstat' = 'DECLINED' THEN
            PERFORM outbox_add(ARRAY[ROW(home_visit_after.order_no, home_visit_after.assignment_id, svc_unit, NULL, 'system',
                'home_visit.declined',
                jsonb_build_object('text', render_message('home_visit', 'visit_declined', NULL,
                    jsonb_build_object('order_no', home_visit_after.order_no::text, 'description', params ->> 'email',
                                       'due_at', (SELECT lower(ap.during) FROM visit_appointment ap
                                                  WHERE ap.order_no = home_visit_after.order_no),
                                       'reason', coalesce(params ->> 'comment', '')),
                    (SELECT u.calendar FROM unit u WHERE u.id = svc_unit))),
                format('home_visit:declined:%s:%s:%s', home_visit_after.order_no, lower(params ->> 'email'),
                       (SELECT ap.sequence FROM visit_appointment ap WHERE ap.order_no = home_visit_after.order_no)),
                NULL)::outbox_message]);
        END IF;
    ELSE
        NULL;
    END CASE;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb) IS
    'internal: the home-visit workflow''s after-hook: records the application, books the staff (the exclusion constraint refuses a double booking), sends invitations, cancellations and updates, records replies';

-- Books staff for an appointment: the ones not named any more are released,
-- the others booked for the window.  Two dispatchers booking one staff
-- member at once: the second waits for the first and is refused (23P01).
CREATE FUNCTION @extschema@.home_visit_book_staff(order_no @extschema@.order_no, unit_id bigint, staff bigint[], during tstzrange)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    other   record;
    tz      text := (SELECT c.time_zone FROM unit u JOIN calendar c ON c.name = u.calendar
                     WHERE u.id = home_visit_book_staff.unit_id);
BEGIN
    UPDATE visit_booking b SET active = false
    WHERE b.order_no = home_visit_book_staff.order_no AND b.staff_id <> ALL (home_visit_book_staff.staff);
    -- the clash, in the hotline's words, when it is already there to see
    SELECT st.login, b.order_no AS other_order, b.during INTO other
    FROM visit_booking b JOIN staff st ON st.id = b.staff_id
    WHERE b.active AND b.staff_id = ANY (home_visit_book_staff.staff) AND b.during && home_visit_book_staff.during
      AND b.order_no <> home_visit_book_staff.order_no
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'staff "%" is already booked from % to %', other.login,
                        to_char(lower(other.during) AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                        to_char(upper(other.during) AT TIME ZONE tz, 'HH24:MI')
            USING ERRCODE = 'exclusion_violation',
                  DETAIL = 'A staff member makes one home visit at a time (the unit''s schedule, hotline.visit_schedule, shows the visits its reader may see).',
                  HINT = 'Choose another time or a colleague.';
    END IF;
    BEGIN
        INSERT INTO visit_booking AS b (order_no, staff_id, login, staff_name, unit_id, during)
        SELECT home_visit_book_staff.order_no, st.id, st.login, st.name, home_visit_book_staff.unit_id, home_visit_book_staff.during
        FROM unnest(home_visit_book_staff.staff) s JOIN staff st ON st.id = s
        ON CONFLICT ON CONSTRAINT visit_booking_pkey DO UPDATE
            SET during = excluded.during, active = true, partstat = 'NEEDS-ACTION';
    EXCEPTION WHEN exclusion_violation THEN
        -- booked by another transaction that committed while this one
        -- waited (a new snapshot sees it): who, for which visit
        SELECT b.login, b.order_no AS other_order INTO other
        FROM visit_booking b
        WHERE b.active AND b.staff_id = ANY (home_visit_book_staff.staff) AND b.during && home_visit_book_staff.during
          AND b.order_no <> home_visit_book_staff.order_no
        LIMIT 1;
        RAISE EXCEPTION 'staff "%" was just booked for an overlapping time',
                        coalesce(other.login::text, '?')
            USING ERRCODE = 'exclusion_violation',
                  DETAIL = 'A staff member makes one home visit at a time; another dispatcher booked this one for an overlapping time while this booking waited.',
                  HINT = 'Choose another time or a colleague.';
    END;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_book_staff(@extschema@.order_no, bigint, bigint[], tstzrange) IS
    'internal: books the staff of an appointment (visit_booking), releasing those no longer named; 23P01 when one is busy at that time';

-- ---------------------------------------------------------------------------
-- The workflow
-- ---------------------------------------------------------------------------
SELECT @extschema@.register_workflow($json$
{
  "name": "home_visit",
  "description": "上门服务 (home-visit service, R-13): apply (申请), the unit's reply (答复: approve or refuse), appointment (预约), confirmation of information (信息确认), preparation (服务准备), the visit (现场服务), completion (办结), evaluation (评价); cancellation or a new time by either side",
  "initial_state": "new",
  "calendar": "cn",
  "options": {"one_open_role": "service",
              "db_roles": {"agent": "hotline_agent", "supervisor": "hotline_supervisor", "reviewer": "hotline_reviewer",
                           "unit": "hotline_unit", "gateway": "hotline_gateway"},
              "unit_roles": ["unit"]},
  "states": [
    {"scope": "order", "state": "applied",   "description": "已申请: waiting for the unit's reply (R-13.2 服务申请)"},
    {"scope": "order", "state": "refused",   "description": "不予上门: the unit refused, with a reason (not eligible under R-13.1)"},
    {"scope": "order", "state": "approved",  "description": "同意上门: eligible; an appointment is to be made"},
    {"scope": "order", "state": "scheduled", "description": "已预约: a time, place and staff; the invitation is sent (R-13.3)"},
    {"scope": "order", "state": "confirmed", "description": "信息已确认: the matter, materials and address confirmed with the citizen"},
    {"scope": "order", "state": "prepared",  "description": "已准备: the preparation checklist done"},
    {"scope": "order", "state": "visited",   "description": "已上门: the on-site service recorded, the conduct checklist signed"},
    {"scope": "order", "state": "completed", "description": "已办结: the matter completed; waiting for the citizen's evaluation"},
    {"scope": "order", "state": "evaluated", "description": "已评价: the citizen evaluated the service"},
    {"scope": "order", "state": "cancelled", "description": "已取消: cancelled by the citizen or the unit, with a reason"},
    {"scope": "order", "state": "archived",  "terminal": true, "description": "归档: filed"},

    {"scope": "assignment", "state": "applied",   "description": "待答复: the unit replies to the application"},
    {"scope": "assignment", "state": "approved",  "description": "同意上门: to be booked"},
    {"scope": "assignment", "state": "scheduled", "description": "已预约"},
    {"scope": "assignment", "state": "confirmed", "description": "信息已确认"},
    {"scope": "assignment", "state": "prepared",  "description": "已准备"},
    {"scope": "assignment", "state": "visited",   "description": "已上门"},
    {"scope": "assignment", "state": "completed", "description": "已办结 (closed)"},
    {"scope": "assignment", "state": "refused",   "description": "不予上门 (closed)"},
    {"scope": "assignment", "state": "cancelled", "description": "已取消 (closed)"}
  ],
  "actions": [
    {"action": "apply", "scope": "order", "from": ["new"], "to": "applied",
     "roles": ["agent", "supervisor"],
     "params": ["region", "appeal_type", "channel", "description", "ground", "evidence", "service_unit"],
     "effects": {"assign": {"state": "applied", "sign_deadline": "review", "reply_deadline": "visit",
                            "units": [{"param": "service_unit", "role": "service", "single": true}]}},
     "description": "申请: a citizen or company who cannot come applies, with the ground (R-13.1) and evidence; to the service unit, which replies within 2 working days; visit within 10"},
    {"action": "approve", "scope": "assignment", "from": ["applied"], "to": "approved",
     "roles": ["unit"],
     "effects": {"stamp": "signed_at", "order_state": "approved"},
     "description": "答复 (同意上门): the unit finds the application eligible"},
    {"action": "refuse", "scope": "assignment", "from": ["applied"], "to": "refused",
     "roles": ["unit"], "reason": true,
     "effects": {"stamp": "signed_at", "close_assignment": true, "order_state": "refused", "close_order": true},
     "description": "答复 (不予上门): not eligible, with the reason the citizen is told (R-13.1)"},
    {"action": "book", "scope": "assignment", "from": ["approved"], "to": "scheduled",
     "roles": ["unit"],
     "params": ["starts", "ends", "staff"],
     "effects": {"order_state": "scheduled"},
     "description": "预约: a time inside the unit's business hours on a working day, the place, the staff going (qualified for the matter, never two visits at once); the invitation goes out (R-13.2, R-13.3)"},
    {"action": "reschedule", "scope": "assignment", "from": ["scheduled", "confirmed", "prepared"], "to": "scheduled",
     "roles": ["unit", "agent"], "reason": true,
     "params": ["starts", "ends"],
     "effects": {"order_state": "scheduled"},
     "description": "改约: a new time (and staff) asked for by the citizen or the unit; the invitation is updated (SEQUENCE raised) and the information confirmed again"},
    {"action": "confirm", "scope": "assignment", "from": ["scheduled"], "to": "confirmed",
     "roles": ["unit"],
     "params": ["contact"],
     "effects": {"order_state": "confirmed"},
     "description": "信息确认: the matter, the materials the citizen prepares and the address confirmed with the citizen (R-13.2)"},
    {"action": "prepare", "scope": "assignment", "from": ["confirmed"], "to": "prepared",
     "roles": ["unit"],
     "params": ["checklist"],
     "effects": {"order_state": "prepared"},
     "description": "服务准备: every item of the preparation checklist (setting checklists) done: forms and materials, equipment, the route, the safety and emergency plan (R-13.2)"},
    {"action": "record_visit", "scope": "assignment", "from": ["prepared"], "to": "visited",
     "roles": ["unit"],
     "params": ["arrived_at", "done", "completed_on_site", "conduct"],
     "effects": {"stamp": "replied_at", "order_state": "visited"},
     "description": "现场服务: what was done, the documents taken, whether the matter was completed on the spot; the conduct checklist signed by every staff member who went (R-13.2)"},
    {"action": "complete", "scope": "assignment", "from": ["visited"], "to": "completed",
     "roles": ["unit"],
     "params": ["result"],
     "effects": {"close_assignment": true, "order_state": "completed",
                 "set_due": {"column": "callback_due", "deadline": "evaluation"}},
     "description": "办结: the matter is completed; the citizen's evaluation is due in 3 working days"},
    {"action": "evaluate", "scope": "order", "from": ["completed"], "to": "evaluated",
     "roles": ["agent", "reviewer", "supervisor"],
     "params": ["satisfaction"],
     "effects": {"close_order": true, "set_due": {"column": "callback_due", "deadline": null}},
     "description": "评价: the citizen's satisfaction with the visit (满意, 基本满意, 不满意, 无法联系) and comment"},
    {"action": "cancel", "scope": "assignment", "from": ["applied", "approved", "scheduled", "confirmed", "prepared"], "to": "cancelled",
     "roles": ["unit", "agent", "supervisor"], "reason": true,
     "effects": {"close_assignment": true, "order_state": "cancelled", "close_order": true},
     "description": "取消: the citizen or the unit cancels, with a reason; an appointment's invitation is cancelled (METHOD:CANCEL)"},
    {"action": "invitation_reply", "scope": "assignment", "from": ["scheduled", "confirmed", "prepared"], "to": null,
     "roles": ["gateway", "supervisor"],
     "params": ["email", "partstat"],
     "description": "日历回复: an attendee's reply to the invitation (METHOD:REPLY, PARTSTAT ACCEPTED, DECLINED or TENTATIVE), imported by the e-mail gateway; a refusal tells the unit"},
    {"action": "archive", "scope": "order", "from": ["evaluated", "refused", "cancelled"], "to": "archived",
     "roles": ["supervisor", "system"],
     "effects": {"archive_order": true},
     "description": "归档: file an evaluated, refused or cancelled visit"}
  ],
  "limits": [
    {"deadline": "review",     "time_limit": "2 working days"},
    {"deadline": "visit",      "time_limit": "10 working days"},
    {"deadline": "evaluation", "time_limit": "3 working days"}
  ],
  "escalations": [
    {"rule": "remind_review", "kind": "remind", "due": "sign_due", "before": "4 working hours",
     "states": ["applied"], "channel": "sms", "template": "remind_review",
     "description": "答复提醒: the unit is reminded 4 working hours before its reply to an application is due"},
    {"rule": "hasten_review", "kind": "hasten", "due": "sign_due", "every": "1 working day", "notice_after": 2,
     "states": ["applied"], "channel": "sms", "template": "hasten_review",
     "description": "答复催办: no reply to the application in time: hastened every working day; twice and still none: public notice (通报)"},
    {"rule": "remind_visit", "kind": "remind", "due": "reply_due", "share": 0.8,
     "states": ["approved", "scheduled", "confirmed", "prepared", "visited"], "channel": "sms", "template": "remind_visit",
     "description": "上门提醒: the unit is reminded when 80% of the working time to make the visit has passed"},
    {"rule": "hasten_visit", "kind": "hasten", "due": "reply_due", "every": "1 working day", "notice_after": 2,
     "states": ["approved", "scheduled", "confirmed", "prepared", "visited"], "channel": "sms", "template": "hasten_visit",
     "description": "上门催办: the visit is overdue: hastened every working day; twice and still not done: public notice (通报)"},
    {"rule": "remind_evaluation", "kind": "remind", "due": "callback_due", "before": "4 working hours",
     "states": ["completed"], "channel": "system", "template": "remind_evaluation",
     "settings": {"recipient_user": "callback_agents"},
     "description": "评价提醒: the callback agents are reminded 4 working hours before the citizen's evaluation is due"}
  ],
  "hooks": [
    {"action": "apply",            "timing": "after",  "function": "@extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "refuse",           "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "complete",         "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "book",             "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "book",             "timing": "after",  "function": "@extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "reschedule",       "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "reschedule",       "timing": "after",  "function": "@extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "confirm",          "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "prepare",          "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "record_visit",     "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "record_visit",     "timing": "after",  "function": "@extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "evaluate",         "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "cancel",           "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "cancel",           "timing": "after",  "function": "@extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "invitation_reply", "timing": "before", "function": "@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "invitation_reply", "timing": "after",  "function": "@extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb)"}
  ],
  "settings": [
    {"setting": "source_hotline", "value": "12345",
     "description": "来源热线: applications come through the centre's hotline unless the intake names another"},
    {"setting": "language", "value": "zh", "description": "the language of the workflow's messages"},
    {"setting": "invitation", "value": {"uid_domain": "hotline.invalid", "alarm_minutes": 60, "prodid": "-//hotline//home visit//ZH"},
     "description": "邀请 (R-13.3): the domain of the invitations' UIDs (visit-<order>@domain: set the centre's own), the minutes of the reminder before the visit (VALARM), the PRODID"},
    {"setting": "checklists",
     "value": {"prepare": ["materials", "equipment", "route", "safety_plan"],
               "conduct": ["no_obstruction", "no_gifts", "no_favours", "courteous"]},
     "description": "服务准备与服务规范 (R-13.2): the preparation checklist (forms and materials, mobile equipment, the route, the safety and emergency plan) and the conduct checklist each staff member signs after the visit (不得设障刁难, 不得索取钱物, 不得以权谋私, 态度诚恳)"},
    {"setting": "archiving", "value": {"states": ["evaluated", "refused", "cancelled"], "action": "archive"},
     "description": "归档 (R-8.1): hotline.archive_closed files evaluated, refused and cancelled visits"},
    {"setting": "search", "value": {"text_params": ["done", "result", "comment", "note"]},
     "description": "检索: the words of a visit's history hotline.search_orders finds: what was done, the result, the citizen's comment"}
  ],
  "messages": [
    {"message": "team", "language": "zh", "template": "上门服务"},
    {"message": "remind_review", "language": "zh", "template": "【上门服务】提醒：请{unit}于{due_at}前答复上门服务申请{order_no}。"},
    {"message": "hasten_review", "language": "zh", "template": "【上门服务】催办：{unit}应于{due_at}前答复上门服务申请{order_no}，现已超期，第{n}次催办。"},
    {"message": "remind_visit", "language": "zh", "template": "【上门服务】提醒：{unit}的上门服务{order_no}须于{due_at}前完成。"},
    {"message": "hasten_visit", "language": "zh", "template": "【上门服务】催办：{unit}的上门服务{order_no}已于{due_at}超期，第{n}次催办，请立即上门。"},
    {"message": "remind_evaluation", "language": "zh", "template": "【上门服务】提醒：上门服务{order_no}须于{due_at}前请市民评价。"},
    {"message": "notice", "language": "zh", "template": "【上门服务】通报：{unit}的上门服务{order_no}已于{due_at}超期，经{n}次催办仍未办理。"},
    {"message": "visit_booked", "language": "zh", "template": "【上门服务】{unit}将于{due_at}到{description}为您上门办理（{order_no}），如需改约请致电{reason}。"},
    {"message": "visit_cancelled", "language": "zh", "template": "【上门服务】{unit}原定{due_at}的上门服务（{order_no}）已取消，如有疑问请致电{reason}。"},
    {"message": "visit_declined", "language": "zh", "template": "【上门服务】{description}谢绝了上门服务{order_no}（{due_at}）的预约，请改约。{reason}"}
  ]
}
$json$::jsonb);

-- ---------------------------------------------------------------------------
-- Named functions: the process for any SQL client.  SECURITY INVOKER
-- wrappers over hotline.open_order and hotline.apply_unit_action: the
-- engine decides from the caller's roles what it may do, checks that a
-- unit's staff act for their own unit, and records the caller's login.
-- ---------------------------------------------------------------------------

-- the code of a visit's service unit, read with the caller's rights: a
-- visit the caller does not read (another unit's) answers as one that does
-- not exist, as the engine answers for orders
CREATE FUNCTION @extschema@.home_visit_unit(order_no @extschema@.order_no) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    code    text;
BEGIN
    SELECT u.code INTO code FROM home_visit h JOIN unit u ON u.id = h.unit_id WHERE h.order_no = home_visit_unit.order_no;
    IF code IS NULL THEN
        RAISE EXCEPTION 'order % is not a home visit', home_visit_unit.order_no
            USING ERRCODE = 'no_data_found',
                  HINT = 'Pass the number hotline.apply_home_visit returned.';
    END IF;
    RETURN code;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_unit(@extschema@.order_no) IS
    'internal: the code of a home visit''s service unit; P0002 when the order is no home visit';

CREATE FUNCTION @extschema@.apply_home_visit(
    region          text,
    service_unit    text,
    ground          text,
    evidence        text,
    description     text,
    address         text,
    citizen_phone   text DEFAULT NULL,
    citizen_name    text DEFAULT NULL,
    citizen_email   text DEFAULT NULL,
    qualifications  text[] DEFAULT '{}',
    source_order    @extschema@.order_no DEFAULT NULL,
    channel         text DEFAULT 'phone',
    demand          text DEFAULT NULL,
    area_code       text DEFAULT NULL,
    topic           text DEFAULT NULL)
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('home_visit', 'apply', current_user, 'agent',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', apply_home_visit.region, 'appeal_type', 'help', 'channel', apply_home_visit.channel,
        'description', apply_home_visit.description, 'demand', apply_home_visit.demand,
        'address', apply_home_visit.address, 'citizen_phone', apply_home_visit.citizen_phone,
        'citizen_name', apply_home_visit.citizen_name, 'citizen_email', apply_home_visit.citizen_email,
        'area_code', apply_home_visit.area_code, 'topic', apply_home_visit.topic,
        'service_unit', apply_home_visit.service_unit, 'ground', apply_home_visit.ground,
        'evidence', apply_home_visit.evidence, 'qualifications', pg_catalog.to_jsonb(apply_home_visit.qualifications),
        'source_order', apply_home_visit.source_order::text)))
$$;
COMMENT ON FUNCTION @extschema@.apply_home_visit(text, text, text, text, text, text, text, text, text, text[],
    @extschema@.order_no, text, text, text, text) IS
    '上门服务申请: registers an application for a home visit to the service unit (by code) with its ground (R-13.1: illness_disability, difficulty, urgent_matter, group, unit_decision), the evidence, the address, the qualifications the matter needs; source_order links the 12345 order it arose from; returns the visit''s order number';

CREATE FUNCTION @extschema@.approve_visit(order_no @extschema@.order_no)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(approve_visit.order_no, 'approve', current_user, 'unit', '{}',
                                     @extschema@.home_visit_unit(approve_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.approve_visit(@extschema@.order_no) IS '答复 (同意上门): the service unit''s staff approve the application';

CREATE FUNCTION @extschema@.refuse_visit(order_no @extschema@.order_no, reason text)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(refuse_visit.order_no, 'refuse', current_user, 'unit',
                                     pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', refuse_visit.reason)),
                                     @extschema@.home_visit_unit(refuse_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.refuse_visit(@extschema@.order_no, text) IS '答复 (不予上门): the service unit refuses the application, with the reason the citizen is told';

CREATE FUNCTION @extschema@.book_visit(order_no @extschema@.order_no, starts timestamptz, ends timestamptz,
                                       staff name[], place text DEFAULT NULL)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(book_visit.order_no, 'book', current_user, 'unit',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'starts', book_visit.starts,
        'ends', book_visit.ends,
        'staff', pg_catalog.to_jsonb(book_visit.staff), 'place', book_visit.place)),
    @extschema@.home_visit_unit(book_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.book_visit(@extschema@.order_no, timestamptz, timestamptz, name[], text) IS
    '预约: books the visit from starts to ends (inside the unit''s business hours on a working day) with the staff going (logins; qualified, free at that time), at place (the application''s address by default); sends the invitation (R-13.3)';

-- Who asks for a new time or cancels is the caller's part: the unit's
-- staff for the unit, the centre's agent for the citizen (the history's
-- role), never a parameter.
CREATE FUNCTION @extschema@.reschedule_visit(order_no @extschema@.order_no, starts timestamptz, ends timestamptz,
                                             reason text, staff name[] DEFAULT NULL, place text DEFAULT NULL)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(reschedule_visit.order_no, 'reschedule', current_user, 'unit',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'starts', reschedule_visit.starts,
        'ends', reschedule_visit.ends,
        'reason', reschedule_visit.reason,
        'staff', pg_catalog.to_jsonb(reschedule_visit.staff), 'place', reschedule_visit.place)),
    @extschema@.home_visit_unit(reschedule_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.reschedule_visit(@extschema@.order_no, timestamptz, timestamptz, text, name[], text) IS
    '改约: a new time (and staff, place), asked for by the unit (its staff) or the citizen (through the centre''s agent: the history records the role); every staff member going is checked again, the invitation is sent again with its SEQUENCE raised, removed staff get a cancellation';

CREATE FUNCTION @extschema@.confirm_visit(order_no @extschema@.order_no, contact text, materials text[] DEFAULT NULL,
                                          note text DEFAULT NULL)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(confirm_visit.order_no, 'confirm', current_user, 'unit',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'contact', confirm_visit.contact, 'materials', pg_catalog.to_jsonb(confirm_visit.materials), 'note', confirm_visit.note)),
    @extschema@.home_visit_unit(confirm_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.confirm_visit(@extschema@.order_no, text, text[], text) IS
    '信息确认: the unit confirmed the matter, the materials the citizen prepares and the address with the citizen (contact: phone, sms, email, in_person)';

CREATE FUNCTION @extschema@.prepare_visit(order_no @extschema@.order_no, checklist jsonb)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(prepare_visit.order_no, 'prepare', current_user, 'unit',
    pg_catalog.jsonb_build_object('checklist', prepare_visit.checklist), @extschema@.home_visit_unit(prepare_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.prepare_visit(@extschema@.order_no, jsonb) IS
    '服务准备: the preparation checklist, every item of the setting checklists true, e.g. {"materials": true, "equipment": true, "route": true, "safety_plan": true}';

CREATE FUNCTION @extschema@.record_visit(order_no @extschema@.order_no, arrived_at timestamptz, done text,
                                         completed_on_site boolean, conduct jsonb, documents text[] DEFAULT NULL,
                                         note text DEFAULT NULL)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(record_visit.order_no, 'record_visit', current_user, 'unit',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'arrived_at', record_visit.arrived_at,
        'done', record_visit.done, 'completed_on_site', record_visit.completed_on_site,
        'conduct', record_visit.conduct, 'documents', pg_catalog.to_jsonb(record_visit.documents), 'note', record_visit.note)),
    @extschema@.home_visit_unit(record_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.record_visit(@extschema@.order_no, timestamptz, text, boolean, jsonb, text[], text) IS
    '现场服务: the record of the visit: when the staff arrived, what was done, the documents taken, whether the matter was completed on the spot, the conduct checklist signed by every staff member who went (signed_by)';

CREATE FUNCTION @extschema@.complete_visit(order_no @extschema@.order_no, result text)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(complete_visit.order_no, 'complete', current_user, 'unit',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('result', complete_visit.result)),
    @extschema@.home_visit_unit(complete_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.complete_visit(@extschema@.order_no, text) IS '办结: the matter of the visit is completed, with the result; the evaluation is due in 3 working days';

CREATE FUNCTION @extschema@.evaluate_visit(order_no @extschema@.order_no, satisfaction text, comment text DEFAULT NULL)
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(evaluate_visit.order_no, 'evaluate', current_user, 'agent',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('satisfaction', evaluate_visit.satisfaction,
                                                               'comment', evaluate_visit.comment)))
$$;
COMMENT ON FUNCTION @extschema@.evaluate_visit(@extschema@.order_no, text, text) IS
    '评价: the citizen''s evaluation of the visit: satisfied, basically_satisfied, dissatisfied or unreachable, and a comment';

CREATE FUNCTION @extschema@.cancel_visit(order_no @extschema@.order_no, reason text)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(cancel_visit.order_no, 'cancel', current_user, 'unit',
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', cancel_visit.reason)),
    @extschema@.home_visit_unit(cancel_visit.order_no))
$$;
COMMENT ON FUNCTION @extschema@.cancel_visit(@extschema@.order_no, text) IS
    '取消: the unit (its staff) or the citizen (through the centre''s agent: the history records the role) cancels the visit, with a reason; a booked appointment''s invitation is cancelled (METHOD:CANCEL)';

-- the appointment of a visit by its invitation's UID, for the import of
-- replies (SECURITY DEFINER: the gateway reads no order)
CREATE FUNCTION @extschema@.home_visit_by_uid(uid text, OUT order_no @extschema@.order_no, OUT unit text,
                                              OUT sequence integer, OUT open boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
SELECT ap.order_no, u.code, ap.sequence,
       ap.status = 'booked' AND EXISTS (SELECT 1 FROM assignment a WHERE a.order_no = ap.order_no AND a.role = 'service'
                                        AND a.state IN ('scheduled', 'confirmed', 'prepared'))
FROM visit_appointment ap JOIN unit u ON u.id = ap.unit_id
WHERE ap.uid = home_visit_by_uid.uid
$$;
COMMENT ON FUNCTION @extschema@.home_visit_by_uid(text) IS
    'internal: the visit, unit code, current SEQUENCE and openness of the appointment of an invitation''s UID';

-- Replies to invitations (R-13.3): the text of a METHOD:REPLY a calendar
-- client sent back (an e-mail gateway passes the attachment, and the
-- sender's address it authenticated), read with libical.  A reply is one
-- event and one attendee (RFC 5546 3.2.3), who must be the sender: no one
-- answers for another (what the message says of itself is not who sent it).  Its PARTSTAT becomes an
-- action invitation_reply on the visit.  A reply to an older SEQUENCE than
-- the appointment's (the time changed since) is outdated and left out, as
-- RFC 5546 says; so is a reply to a visit no longer booked; a SEQUENCE the
-- appointment never had is refused.  The gateway reads no order (a
-- citizen's data are not its business), so the import runs with the
-- owner's rights (SECURITY DEFINER, EXECUTE for hotline_gateway only) and
-- records the session's login (session_user: the login that authenticated,
-- which no argument names) as the actor, in the role gateway.
CREATE FUNCTION @extschema@.import_visit_reply(ics text, sender text)
RETURNS TABLE (order_no @extschema@.order_no, email text, partstat text, outcome text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    r       record;
    v       record;
    n       integer := 0;
BEGIN
    IF import_visit_reply.sender IS NULL OR btrim(import_visit_reply.sender) = '' THEN
        RAISE EXCEPTION 'sender of a reply is required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A reply answers for the address it came from, which the gateway authenticated; the message''s own ATTENDEE is not proof.',
                  HINT = 'Pass sender => the address the e-mail came from, e.g. ''li.daye@example.com''.';
    END IF;
    FOR r IN SELECT * FROM ical_read(import_visit_reply.ics) LOOP
        n := n + 1;
        IF r.method IS DISTINCT FROM 'REPLY' THEN
            RAISE EXCEPTION 'iCalendar message of method % is not a reply', coalesce(r.method, 'NULL')
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass the METHOD:REPLY a calendar client sent back to an invitation.';
        END IF;
        IF n > 1 OR jsonb_array_length(r.attendees) <> 1 THEN
            RAISE EXCEPTION 'a reply has one event and one attendee, not % attendees%', jsonb_array_length(r.attendees),
                            CASE WHEN n > 1 THEN ' in several events' ELSE '' END
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'An attendee answers for itself, one invitation at a time (RFC 5546, 3.2.3).',
                      HINT = 'Pass each reply as the client sent it.';
        END IF;
        order_no := NULL;
        email := r.attendees -> 0 ->> 'email';
        partstat := r.attendees -> 0 ->> 'partstat';
        IF lower(email) IS DISTINCT FROM lower(btrim(import_visit_reply.sender)) THEN
            RAISE EXCEPTION 'attendee "%" of the reply is not its sender "%"', left(email, 254), left(import_visit_reply.sender, 254)
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A reply answers for the address it came from.',
                      HINT = 'Pass sender => the address the gateway received the reply from.';
        END IF;
        SELECT * INTO v FROM home_visit_by_uid(r.uid);
        order_no := v.order_no;
        IF v.order_no IS NULL THEN
            outcome := 'unknown invitation';
        ELSIF NOT v.open THEN
            outcome := 'closed';
        ELSIF coalesce(r.sequence, 0) < v.sequence THEN
            outcome := 'outdated';
        ELSIF r.sequence > v.sequence THEN
            RAISE EXCEPTION 'reply to SEQUENCE % of an invitation at SEQUENCE %', r.sequence, v.sequence
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A reply carries the SEQUENCE of the invitation it answers; this invitation was never sent.';
        ELSE
            PERFORM apply_unit_action(v.order_no, 'invitation_reply', session_user, 'gateway',
                jsonb_strip_nulls(jsonb_build_object('email', email, 'partstat', partstat,
                                                     'comment', left(r.comment, 500), 'sequence', r.sequence)),
                v.unit);
            outcome := 'recorded';
        END IF;
        RETURN NEXT;
    END LOOP;
    IF n = 0 THEN
        RAISE EXCEPTION 'iCalendar message has no event to reply to'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the METHOD:REPLY a calendar client sent back, with its VEVENT.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.import_visit_reply(text, text) IS
    '日历回复: imports a calendar client''s METHOD:REPLY to a visit''s invitation (libical; one event, one attendee, who is the sender the gateway authenticated): its PARTSTAT is recorded on the visit (action invitation_reply); outdated (an older SEQUENCE), closed and unknown invitations are reported, not recorded';

-- A unit's or a staff member's schedule as a METHOD:PUBLISH feed of its
-- booked appointments (R-13.3), read with the caller's rights: a unit's
-- staff see their own units' appointments.
CREATE FUNCTION @extschema@.visit_schedule(unit text, from_day date, to_day date, staff name DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    u       unit;
    tz      text;
    events  jsonb;
BEGIN
    SELECT * INTO u FROM unit x WHERE x.code = visit_schedule.unit;
    IF u.id IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', left(visit_schedule.unit, 64)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass the code of the service unit (hotline.unit.code).';
    END IF;
    IF visit_schedule.from_day IS NULL OR visit_schedule.to_day IS NULL
       OR NOT isfinite(visit_schedule.from_day) OR NOT isfinite(visit_schedule.to_day)
       OR visit_schedule.from_day < date '2000-01-01' OR visit_schedule.to_day > date '2199-12-31'
       OR visit_schedule.to_day < visit_schedule.from_day
       OR visit_schedule.to_day - visit_schedule.from_day > 366 THEN
        RAISE EXCEPTION 'invalid period from % to %', visit_schedule.from_day, visit_schedule.to_day
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass a period of at most a year, e.g. from_day => ''2026-12-01'', to_day => ''2026-12-31''.';
    END IF;
    SELECT c.time_zone INTO tz FROM calendar c WHERE c.name = u.calendar;
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'uid', ap.uid, 'sequence', ap.sequence,
               'start', lower(ap.during), 'end', upper(ap.during),
               'summary', '上门服务 ' || ap.order_no::text
                          || coalesce('：' || (SELECT string_agg(home_visit_line(b.staff_name, 40), '、' ORDER BY b.login)
                                              FROM visit_booking b
                                              WHERE b.order_no = ap.order_no AND b.active), ''),
               'location', home_visit_line(ap.place, 500), 'status', 'CONFIRMED',
               'organizer', jsonb_build_object('email', vu.email, 'name', home_visit_line(u.name, 200))) ORDER BY lower(ap.during), ap.order_no), '[]')
      INTO events
    FROM visit_appointment ap JOIN visit_unit vu ON vu.unit_id = ap.unit_id
    WHERE ap.unit_id = u.id AND ap.status <> 'cancelled'
      AND ap.during && tstzrange((visit_schedule.from_day::timestamp) AT TIME ZONE tz,
                                 ((visit_schedule.to_day + 1)::timestamp) AT TIME ZONE tz)
      AND (visit_schedule.staff IS NULL
           OR EXISTS (SELECT 1 FROM visit_booking b
                      WHERE b.order_no = ap.order_no AND b.active AND b.login = visit_schedule.staff));
    RETURN ical_message('PUBLISH', events, tz, workflow_setting_value('home_visit', 'invitation') ->> 'prodid');
END $$;
COMMENT ON FUNCTION @extschema@.visit_schedule(text, date, date, name) IS
    '日程: the booked home visits of a unit (by code), or of one staff member of it, from from_day to to_day, as an iCalendar METHOD:PUBLISH feed a calendar client subscribes to (R-13.3); with the caller''s rights';

-- A complaint about a visit (服务投诉): a 12345 order against the visit's
-- unit (never dispatched to it, R-4.6), the staff who went excluded from it
-- (回避), linked to the visit.
CREATE FUNCTION @extschema@.home_visit_link_complaint(visit_no @extschema@.order_no, complaint @extschema@.order_no)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
INSERT INTO home_visit_link (visit_no, order_no, kind)
SELECT h.order_no, w.order_no, 'complaint'
FROM home_visit h, work_order w
WHERE h.order_no = home_visit_link_complaint.visit_no AND w.order_no = home_visit_link_complaint.complaint
  AND w.appeal_type = 'complaint'
  AND w.accused_unit_id = h.unit_id
  AND w.accepted_at = pg_catalog.now()      -- accepted by this transaction: hotline.complain_about_visit's
ON CONFLICT DO NOTHING
$$;
COMMENT ON FUNCTION @extschema@.home_visit_link_complaint(@extschema@.order_no, @extschema@.order_no) IS
    'internal: links a complaint against a visit''s unit, accepted in this transaction (hotline.complain_about_visit), to the visit';

CREATE FUNCTION @extschema@.complain_about_visit(visit_no @extschema@.order_no, description text,
                                                 citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL,
                                                 demand text DEFAULT NULL, channel text DEFAULT 'phone')
RETURNS @extschema@.order_no
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    v           record;
    complaint   order_no;
    login       name;
BEGIN
    SELECT * INTO v FROM home_visit_complaint_target(complain_about_visit.visit_no);
    complaint := accept(v.region, 'complaint', complain_about_visit.channel, complain_about_visit.description,
                        citizen_phone => complain_about_visit.citizen_phone,
                        citizen_name => complain_about_visit.citizen_name,
                        demand => complain_about_visit.demand, accused_unit => v.unit_code);
    FOREACH login IN ARRAY v.logins LOOP
        PERFORM exclude_staff(complaint, login, format('上门服务 %s 的工作人员 (staff of the visit complained about, R-4.6)',
                                                      complain_about_visit.visit_no));
    END LOOP;
    PERFORM home_visit_link_complaint(complain_about_visit.visit_no, complaint);
    RETURN complaint;
END $$;
COMMENT ON FUNCTION @extschema@.complain_about_visit(@extschema@.order_no, text, text, text, text, text) IS
    '服务投诉: a citizen''s complaint about a home visit becomes a 12345 order (hotline.accept) against the visit''s unit, never dispatched to it (R-4.6), with the staff who went excluded from it (回避), linked to the visit; returns its number';

CREATE FUNCTION @extschema@.home_visit_complaint_target(visit_no @extschema@.order_no,
                                                        OUT region text, OUT unit_code text, OUT logins name[])
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    SELECT w.region, u.code,
           coalesce((SELECT array_agg(b.login ORDER BY b.login) FROM visit_booking b
                     WHERE b.order_no = h.order_no AND (b.active OR ap.status = 'cancelled')), '{}')
      INTO region, unit_code, logins
    FROM home_visit h JOIN work_order w ON w.order_no = h.order_no JOIN unit u ON u.id = h.unit_id
    LEFT JOIN visit_appointment ap ON ap.order_no = h.order_no
    WHERE h.order_no = home_visit_complaint_target.visit_no;
    IF unit_code IS NULL THEN
        RAISE EXCEPTION 'order % is not a home visit', home_visit_complaint_target.visit_no
            USING ERRCODE = 'no_data_found', HINT = 'Pass the number of the home visit the citizen complains about.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_complaint_target(@extschema@.order_no) IS
    'internal: the region, the unit code and the staff logins of a visit a citizen complains about, read with the caller''s rights (a visit it is excluded from is none)';

-- the links both ways: for a visit, the order it arose from and the
-- complaints about it; for a 12345 order, the visits it led to
CREATE VIEW @extschema@.home_visit_links WITH (security_invoker = true) AS
SELECT l.visit_no, l.order_no, l.kind, l.at, w.workflow AS order_workflow, w.state AS order_state,
       v.state AS visit_state
FROM @extschema@.home_visit_link l
JOIN @extschema@.work_order w ON w.order_no = l.order_no
JOIN @extschema@.work_order v ON v.order_no = l.visit_no;
COMMENT ON VIEW @extschema@.home_visit_links IS
    '上门服务: the orders linked to each home visit, both ways (look a visit up by visit_no, a 12345 order by order_no): the call it arose from (source), complaints about it (complaint)';

-- The plugin's settings are checked when they enter (a row of a city's own
-- wins over the built-in one): invitation {uid_domain, alarm_minutes,
-- prodid}, checklists {prepare, conduct}; a bad one is refused then, never
-- found by a booking.
CREATE FUNCTION @extschema@.home_visit_setting_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v   jsonb := NEW.value;
    k   text;
BEGIN
    IF NEW.setting = 'invitation' AND NOT (
        jsonb_typeof(v) = 'object'
        AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(v) x WHERE x NOT IN ('uid_domain', 'alarm_minutes', 'prodid'))
        AND coalesce(v ->> 'uid_domain', 'x') ~ '^[A-Za-z0-9.-]{1,189}$'
        AND coalesce(jsonb_typeof(v -> 'alarm_minutes') = 'number' AND (v ->> 'alarm_minutes') ~ '^[0-9]{1,5}$'
                     AND (v ->> 'alarm_minutes')::integer <= 10080, v -> 'alarm_minutes' IS NULL)
        AND coalesce(length(v ->> 'prodid') BETWEEN 1 AND 200 AND (v ->> 'prodid') !~ '[\x01-\x1f\x7f]', v -> 'prodid' IS NULL)) THEN
        RAISE EXCEPTION 'invalid setting invitation of workflow home_visit: %', left(v::text, 200)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It is an object of uid_domain (a host name), alarm_minutes (0 to 10080) and prodid (1 to 200 characters on one line), each optional.',
                  HINT = 'Pass e.g. ''{"uid_domain": "12345.dc.gov.cn", "alarm_minutes": 60}''.';
    END IF;
    IF NEW.setting = 'checklists' THEN
        IF jsonb_typeof(v) IS DISTINCT FROM 'object'
           OR EXISTS (SELECT 1 FROM jsonb_object_keys(v) x WHERE x NOT IN ('prepare', 'conduct')) THEN
            k := NULL;
        ELSE
            k := 'ok';
            IF EXISTS (SELECT 1 FROM jsonb_each(v) e
                       WHERE jsonb_typeof(e.value) <> 'array' OR jsonb_array_length(e.value) > 20
                          OR EXISTS (SELECT 1 FROM jsonb_array_elements(e.value) i
                                     WHERE jsonb_typeof(i) <> 'string' OR (i #>> '{}') !~ '^[a-z][a-z0-9_]{0,62}$')) THEN
                k := NULL;
            END IF;
        END IF;
        IF k IS NULL THEN
            RAISE EXCEPTION 'invalid setting checklists of workflow home_visit: %', left(v::text, 200)
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'It is an object of prepare and conduct, each a list of at most 20 lower-case item names.',
                      HINT = 'Pass e.g. ''{"prepare": ["materials", "safety_plan"], "conduct": ["no_gifts", "no_obstruction"]}''.';
        END IF;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_setting_check() IS
    'internal: checks the home-visit workflow''s settings invitation and checklists when a row enters hotline.workflow_setting';
CREATE TRIGGER workflow_setting_home_visit BEFORE INSERT OR UPDATE ON @extschema@.workflow_setting
    FOR EACH ROW WHEN (NEW.workflow = 'home_visit' AND NEW.setting IN ('invitation', 'checklists'))
    EXECUTE FUNCTION @extschema@.home_visit_setting_check();

-- ---------------------------------------------------------------------------
-- Privileges and row-level security
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.home_visit_grant() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    f   regprocedure;
    t   regclass;
BEGIN
    -- internal functions: no one's
    FOREACH f IN ARRAY ARRAY[
        '@extschema@.home_visit_time(jsonb, text)',
        '@extschema@.home_visit_text(jsonb, text, integer, boolean)',
        '@extschema@.home_visit_list(jsonb, text, integer)',
        '@extschema@.home_visit_line_text(jsonb, text, integer)',
        '@extschema@.home_visit_booked(@extschema@.order_no)',
        '@extschema@.home_visit_step(@extschema@.order_no, text, jsonb)',
        '@extschema@.home_visit_checklist(text, jsonb)',
        '@extschema@.home_visit_setting_check()',
        '@extschema@.home_visit_staff(@extschema@.order_no, jsonb, timestamptz)',
        '@extschema@.home_visit_window(bigint, timestamptz, timestamptz)',
        '@extschema@.home_visit_send(@extschema@.order_no, text, bigint[])',
        '@extschema@.home_visit_check(@extschema@.order_no, bigint, text, jsonb)',
        '@extschema@.home_visit_after(@extschema@.order_no, bigint, text, jsonb)',
        '@extschema@.home_visit_book_staff(@extschema@.order_no, bigint, bigint[], tstzrange)',
        '@extschema@.home_visit_unit(@extschema@.order_no)',
        '@extschema@.home_visit_by_uid(text)',
        '@extschema@.home_visit_link_complaint(@extschema@.order_no, @extschema@.order_no)',
        '@extschema@.home_visit_complaint_target(@extschema@.order_no)',
        '@extschema@.home_visit_grant()',
        '@extschema@.apply_home_visit(text, text, text, text, text, text, text, text, text, text[], @extschema@.order_no, text, text, text, text)',
        '@extschema@.approve_visit(@extschema@.order_no)',
        '@extschema@.refuse_visit(@extschema@.order_no, text)',
        '@extschema@.book_visit(@extschema@.order_no, timestamptz, timestamptz, name[], text)',
        '@extschema@.reschedule_visit(@extschema@.order_no, timestamptz, timestamptz, text, name[], text)',
        '@extschema@.confirm_visit(@extschema@.order_no, text, text[], text)',
        '@extschema@.prepare_visit(@extschema@.order_no, jsonb)',
        '@extschema@.record_visit(@extschema@.order_no, timestamptz, text, boolean, jsonb, text[], text)',
        '@extschema@.complete_visit(@extschema@.order_no, text)',
        '@extschema@.evaluate_visit(@extschema@.order_no, text, text)',
        '@extschema@.cancel_visit(@extschema@.order_no, text)',
        '@extschema@.import_visit_reply(text, text)',
        '@extschema@.visit_schedule(text, date, date, name)',
        '@extschema@.complain_about_visit(@extschema@.order_no, text, text, text, text, text)']::regprocedure[]
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    -- the named functions to the roles that act in the workflow (the
    -- engine decides per action); the internal ones they call
    GRANT EXECUTE ON FUNCTION
        @extschema@.home_visit_unit(@extschema@.order_no),
        @extschema@.reschedule_visit(@extschema@.order_no, timestamptz, timestamptz, text, name[], text),
        @extschema@.cancel_visit(@extschema@.order_no, text),
        @extschema@.visit_schedule(text, date, date, name)
        TO hotline_agent, hotline_supervisor, hotline_unit;
    GRANT EXECUTE ON FUNCTION
        @extschema@.apply_home_visit(text, text, text, text, text, text, text, text, text, text[], @extschema@.order_no, text, text, text, text),
        @extschema@.evaluate_visit(@extschema@.order_no, text, text)
        TO hotline_agent, hotline_reviewer, hotline_supervisor;
    GRANT EXECUTE ON FUNCTION
        @extschema@.approve_visit(@extschema@.order_no),
        @extschema@.refuse_visit(@extschema@.order_no, text),
        @extschema@.book_visit(@extschema@.order_no, timestamptz, timestamptz, name[], text),
        @extschema@.confirm_visit(@extschema@.order_no, text, text[], text),
        @extschema@.prepare_visit(@extschema@.order_no, jsonb),
        @extschema@.record_visit(@extschema@.order_no, timestamptz, text, boolean, jsonb, text[], text),
        @extschema@.complete_visit(@extschema@.order_no, text)
        TO hotline_unit;
    -- 服务投诉: the centre's agents and supervisors take complaints
    GRANT EXECUTE ON FUNCTION
        @extschema@.complain_about_visit(@extschema@.order_no, text, text, text, text, text),
        @extschema@.home_visit_complaint_target(@extschema@.order_no),
        @extschema@.home_visit_link_complaint(@extschema@.order_no, @extschema@.order_no)
        TO hotline_agent, hotline_supervisor;
    -- the e-mail gateway imports calendar replies (recorded in the workflow's role gateway)
    GRANT EXECUTE ON FUNCTION @extschema@.import_visit_reply(text, text) TO hotline_gateway;

    -- the tables: the configuration is the administrators', readable by
    -- those who act; the visits are written by the hooks only
    FOREACH t IN ARRAY ARRAY['@extschema@.visit_qualification_kind', '@extschema@.visit_unit', '@extschema@.visit_staff',
                             '@extschema@.visit_staff_qualification', '@extschema@.home_visit', '@extschema@.home_visit_link',
                             '@extschema@.visit_appointment', '@extschema@.visit_booking', '@extschema@.home_visit_links']::regclass[]
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', t);
    END LOOP;
    GRANT SELECT ON @extschema@.visit_qualification_kind, @extschema@.visit_unit
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit, hotline_admin;
    -- the staff's addresses and certificates: the centre's and the
    -- administrators' (a unit's staff are told their bookings)
    GRANT SELECT ON @extschema@.visit_staff, @extschema@.visit_staff_qualification
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_admin;
    GRANT INSERT, UPDATE, DELETE ON @extschema@.visit_qualification_kind, @extschema@.visit_unit, @extschema@.visit_staff,
        @extschema@.visit_staff_qualification
        TO hotline_admin;
    GRANT SELECT ON @extschema@.home_visit, @extschema@.home_visit_link, @extschema@.visit_appointment,
        @extschema@.visit_booking, @extschema@.home_visit_links
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    -- a unit's staff read their own units' visits (work_order's policies
    -- keep the rest of their orders from them)
    ALTER TABLE @extschema@.home_visit ENABLE ROW LEVEL SECURITY;
    ALTER TABLE @extschema@.home_visit_link ENABLE ROW LEVEL SECURITY;
    ALTER TABLE @extschema@.visit_appointment ENABLE ROW LEVEL SECURITY;
    ALTER TABLE @extschema@.visit_booking ENABLE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS home_visit_read ON @extschema@.home_visit;
    CREATE POLICY home_visit_read ON @extschema@.home_visit FOR SELECT
        USING (@extschema@.reads_city() OR unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[]));
    DROP POLICY IF EXISTS home_visit_link_read ON @extschema@.home_visit_link;
    CREATE POLICY home_visit_link_read ON @extschema@.home_visit_link FOR SELECT
        USING (@extschema@.reads_city()
               OR (EXISTS (SELECT 1 FROM @extschema@.home_visit h WHERE h.order_no = visit_no)
                   AND EXISTS (SELECT 1 FROM @extschema@.work_order w WHERE w.order_no = home_visit_link.order_no)));
    DROP POLICY IF EXISTS visit_appointment_read ON @extschema@.visit_appointment;
    CREATE POLICY visit_appointment_read ON @extschema@.visit_appointment FOR SELECT
        USING (@extschema@.reads_city() OR unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[]));
    DROP POLICY IF EXISTS visit_booking_read ON @extschema@.visit_booking;
    CREATE POLICY visit_booking_read ON @extschema@.visit_booking FOR SELECT
        USING (@extschema@.reads_city() OR unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[]));
    -- whoever reads: never a visit it is excluded from (回避), as the orders
    DROP POLICY IF EXISTS not_excluded ON @extschema@.home_visit;
    CREATE POLICY not_excluded ON @extschema@.home_visit AS RESTRICTIVE FOR SELECT
        USING (NOT (order_no = ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[])));
    DROP POLICY IF EXISTS not_excluded ON @extschema@.visit_appointment;
    CREATE POLICY not_excluded ON @extschema@.visit_appointment AS RESTRICTIVE FOR SELECT
        USING (NOT (order_no = ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[])));
    DROP POLICY IF EXISTS not_excluded ON @extschema@.visit_booking;
    CREATE POLICY not_excluded ON @extschema@.visit_booking AS RESTRICTIVE FOR SELECT
        USING (NOT (order_no = ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[])));
    DROP POLICY IF EXISTS not_excluded ON @extschema@.home_visit_link;
    CREATE POLICY not_excluded ON @extschema@.home_visit_link AS RESTRICTIVE FOR SELECT
        USING (NOT (visit_no = ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[]))
               AND NOT (order_no = ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[])));
END $$;
COMMENT ON FUNCTION @extschema@.home_visit_grant() IS
    'internal: the home-visit workflow''s privileges and row-level security policies; run by CREATE EXTENSION and ALTER EXTENSION UPDATE';
SELECT @extschema@.home_visit_grant();
