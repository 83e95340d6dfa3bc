-- The intake finds a citizen again by the phone (R-2.4) without writing a
-- new row version when there is no name to record (issue 9, the intake's
-- speed: hotline.order_intake looks the citizen up before it upserts),
-- and records a name given later (R-1.2).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(8);

CREATE TEMP TABLE o (k text PRIMARY KEY, no hotline.order_no);
CREATE TEMP TABLE v (k text PRIMARY KEY, row_ctid tid);

-- a new citizen, with a name
INSERT INTO o SELECT 'first', hotline.accept('110105', 'complaint', 'phone', '小区电梯停运三天',
    citizen_phone => '13800138111', citizen_name => '王女士');
SELECT is((SELECT c.name FROM hotline.citizen c WHERE c.phone = hotline.normalize_phone('13800138111')),
          '王女士', 'a new citizen is added with the name given');
INSERT INTO v SELECT 'first', c.ctid FROM hotline.citizen c WHERE c.phone = hotline.normalize_phone('13800138111');

-- the same phone, dialled differently, without a name: found, not written
INSERT INTO o SELECT 'again', hotline.accept('110105', 'complaint', 'phone', '电梯又停了',
    citizen_phone => '+86 138-0013-8111');
SELECT is((SELECT w.citizen_id FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'again'),
          (SELECT w.citizen_id FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'first'),
          'the same phone without a name finds the same citizen (R-2.4)');
SELECT is((SELECT c.ctid FROM hotline.citizen c WHERE c.phone = hotline.normalize_phone('13800138111')),
          (SELECT row_ctid FROM v WHERE k = 'first'),
          'a citizen found without a name to record gets no new row version');
SELECT is((SELECT c.name FROM hotline.citizen c WHERE c.phone = hotline.normalize_phone('13800138111')),
          '王女士', 'the name recorded before is kept');
SELECT is((SELECT count(*) FROM hotline.citizen c WHERE c.phone = hotline.normalize_phone('13800138111')),
          1::bigint, 'one citizen per phone');

-- the same phone with a name: the name is recorded (the upsert)
INSERT INTO o SELECT 'named', hotline.accept('110105', 'complaint', 'phone', '电梯还是停',
    citizen_phone => '13800138111', citizen_name => '王红');
SELECT is((SELECT c.name FROM hotline.citizen c WHERE c.phone = hotline.normalize_phone('13800138111')),
          '王红', 'a name given with a known phone is recorded');
SELECT is((SELECT w.citizen_id FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'named'),
          (SELECT w.citizen_id FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'first'),
          'and the order is the same citizen''s');

-- a new phone without a name: a new citizen without a name
INSERT INTO o SELECT 'new', hotline.accept('110105', 'help', 'phone', '求助',
    citizen_phone => '13900139222');
SELECT is((SELECT c.name IS NULL AND w.citizen_id = c.id FROM hotline.work_order w JOIN o ON o.no = w.order_no
           JOIN hotline.citizen c ON c.phone = hotline.normalize_phone('13900139222') WHERE o.k = 'new'),
          true, 'a new phone without a name adds a citizen without a name');

SELECT * FROM finish();
ROLLBACK;
