-- Issue 16: the language and time zone each person, wall link and alert channel uses.
-- NULL: not chosen (people and walls then follow the browser; channels speak English).
-- language is en, es or pt-BR; time_zone an IANA id such as America/Mexico_City.
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE users ADD COLUMN time_zone TEXT;
ALTER TABLE access_keys ADD COLUMN language TEXT;
ALTER TABLE access_keys ADD COLUMN time_zone TEXT;
ALTER TABLE alert_channels ADD COLUMN language TEXT;
