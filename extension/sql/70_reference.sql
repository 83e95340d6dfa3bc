-- Reference data of a hotline (R-1.4, R-1.5): appeal types, channels,
-- urgency, satisfaction; handling units as a tree, the topic taxonomy, and
-- citizens identified by a normalised phone number (to find repeats, R-2.4).

CREATE TYPE @extschema@.appeal_type AS ENUM
    ('consultation', 'help', 'complaint', 'report', 'suggestion', 'praise');
COMMENT ON TYPE @extschema@.appeal_type IS
    'R-1.4: 咨询 consultation, 求助 help request, 投诉 complaint, 举报 report, 建议 suggestion, 表扬 praise';

CREATE TYPE @extschema@.channel AS ENUM
    ('phone', 'sms', 'mailbox', 'website', 'email', 'wechat', 'app', 'fax', 'voicemail',
     'window', 'letter', 'merged_hotline');
COMMENT ON TYPE @extschema@.channel IS
    'R-1.5: how the appeal arrived (电话, 短信, 信箱, 网站, 电子邮件, 微信, 客户端, 传真, 留言, 窗口, 来信, 整合热线 such as 12315/12358)';

CREATE TYPE @extschema@.urgency AS ENUM ('normal', 'urgent', 'very_urgent');
COMMENT ON TYPE @extschema@.urgency IS 'R-1.5: 一般, 紧急, 特急';

CREATE TYPE @extschema@.emergency_kind AS ENUM
    ('natural_disaster', 'accident', 'public_health', 'public_security');
COMMENT ON TYPE @extschema@.emergency_kind IS
    'R-2.3: the four kinds of emergency (突发事件): 自然灾害 natural disaster, 事故灾难 accident, 公共卫生事件 public health, 社会安全事件 public security';

CREATE TYPE @extschema@.satisfaction AS ENUM
    ('satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable');
COMMENT ON TYPE @extschema@.satisfaction IS
    'R-7.2: 满意, 基本满意, 不满意, or the citizen could not be reached (无法联系)';

-- Handling units (承办单位): first-, second- and third-level units (R-4.5)
CREATE TABLE @extschema@.unit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code <> ''),
    name        text NOT NULL CHECK (name <> ''),
    parent_id   bigint REFERENCES @extschema@.unit (id),
    level       smallint NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 3),
    region      text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    calendar    text NOT NULL DEFAULT 'cn' REFERENCES @extschema@.calendar (name) ON UPDATE CASCADE,
    kind        text NOT NULL DEFAULT 'department'
                CHECK (kind IN ('department', 'district', 'subdistrict', 'enterprise', 'other')),
    active      boolean NOT NULL DEFAULT true,
    language    text NOT NULL DEFAULT 'zh' CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
    CHECK (parent_id <> id)
);
CREATE INDEX ON @extschema@.unit (parent_id);
COMMENT ON TABLE @extschema@.unit IS
    'handling units (承办单位) as a tree: first-level units may pass orders down to their sub-units (R-4.5)';
COMMENT ON COLUMN @extschema@.unit.code IS 'the unit''s own code, e.g. its unified social credit code or an internal code';
COMMENT ON COLUMN @extschema@.unit.level IS '1 = 一级网络单位, 2 = 二级, 3 = 三级; set from the parent';
COMMENT ON COLUMN @extschema@.unit.region IS '6-digit administrative division code (GB/T 2260) of the unit';
COMMENT ON COLUMN @extschema@.unit.calendar IS 'the calendar the unit''s deadlines are counted on';
COMMENT ON COLUMN @extschema@.unit.language IS
    'the language the unit reads its messages in (a BCP 47 tag: zh, en ...): hotline.render_message takes the workflow''s template in it, else in the workflow''s language';

-- a unit's level follows from its parent, at most three levels
CREATE FUNCTION @extschema@.unit_set_level() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    parent_level smallint;
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.level := 1;
        RETURN NEW;
    END IF;
    SELECT u.level INTO parent_level FROM @extschema@.unit u WHERE u.id = NEW.parent_id;
    IF parent_level IS NULL THEN
        RETURN NEW;                 -- the foreign key reports the missing parent
    END IF;
    IF parent_level >= 3 THEN
        RAISE EXCEPTION 'unit "%" would be a fourth-level unit', NEW.name
            USING ERRCODE = 'check_violation',
                  DETAIL = 'Handling units have at most three levels (一级, 二级, 三级网络单位).',
                  HINT = 'Attach it to a first- or second-level unit.';
    END IF;
    NEW.level := parent_level + 1;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.unit_set_level() IS 'trigger: a unit''s level is its parent''s plus one, at most 3';
CREATE TRIGGER unit_set_level BEFORE INSERT OR UPDATE OF parent_id ON @extschema@.unit
    FOR EACH ROW EXECUTE FUNCTION @extschema@.unit_set_level();

-- Topic taxonomy (诉求分类), e.g. 城乡建设 > 物业管理 (R-1.5)
CREATE TABLE @extschema@.topic (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code <> ''),
    name        text NOT NULL CHECK (name <> ''),
    parent_id   bigint REFERENCES @extschema@.topic (id),
    active      boolean NOT NULL DEFAULT true,
    CHECK (parent_id <> id)
);
CREATE INDEX ON @extschema@.topic (parent_id);
COMMENT ON TABLE @extschema@.topic IS 'the topic taxonomy of appeals as a tree (城乡建设 > 物业管理)';

-- Citizens (服务对象), found again by their normalised phone number (R-1.2, R-2.4)
CREATE FUNCTION @extschema@.normalize_phone(phone text, area_code text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d text;
BEGIN
    IF phone IS NULL THEN
        RETURN NULL;
    END IF;
    d := regexp_replace(phone, '[\s\-\.\(\)（）]', '', 'g');
    IF d !~ '^\+?[0-9]+$' THEN
        RAISE EXCEPTION 'invalid phone number: "%"', phone
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A phone number holds digits, spaces, dashes, brackets and a leading +.',
                  HINT = 'Give the number as dialled, e.g. 138 0013 8000 or 010-6512 3456.';
    END IF;
    d := regexp_replace(d, '^(\+86|0086)', '');
    IF d ~ '^86(1[3-9][0-9]{9})$' THEN
        d := substr(d, 3);
    END IF;
    IF d ~ '^1[3-9][0-9]{9}$' THEN
        RETURN d;                                   -- mobile
    ELSIF d ~ '^0[1-9][0-9]{8,10}$' THEN
        RETURN d;                                   -- landline with area code
    ELSIF d ~ '^[2-8][0-9]{6,7}$' AND area_code ~ '^0[1-9][0-9]{1,2}$' THEN
        RETURN area_code || d;                      -- local landline
    ELSIF d ~ '^(1[0-2][0-9]{3}|9[0-9]{4})$' THEN
        RETURN d;                                   -- service numbers: 12345, 95598
    END IF;
    RAISE EXCEPTION 'invalid phone number: "%"', phone
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'It is neither a mobile number (11 digits from 13), a landline with its area code, nor a 5-digit service number.',
              HINT = 'Add the area code to a local number (area_code => ''010''), or check the digits.';
END $$;
COMMENT ON FUNCTION @extschema@.normalize_phone(text, text) IS
    'canonical form of a Chinese phone number: mobile 1xxxxxxxxxx, landline 0 + area code + number, service numbers as they are';

CREATE TABLE @extschema@.citizen (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone       text UNIQUE CHECK (phone = @extschema@.normalize_phone(phone)),
    name        text,
    address     text,
    kind        text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organisation')),
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.citizen IS
    'citizens and organisations who appeal (服务对象/来电人), one row per normalised phone number';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.unit', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.topic', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.citizen', '');

-- Reference data is readable by the hotline's users; citizens are personal
-- data (R-11.1): no PUBLIC access.
REVOKE ALL ON @extschema@.unit, @extschema@.topic, @extschema@.citizen FROM PUBLIC;
GRANT SELECT ON @extschema@.unit, @extschema@.topic TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.unit', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.topic', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.citizen', 'id')::regclass, '');
