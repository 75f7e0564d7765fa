-- Issue 15: reconciliation, silent numbers and gateways, one phone one number.

-- When a connected number went quiet far beyond its usual pattern (its last message activity);
-- NULL while it is not silent. Set by the silence pass, cleared by the number's next message.
ALTER TABLE numbers ADD COLUMN silent_since INTEGER;

-- A gateway's last delivery, found without reading its history: the silent-gateway check runs often.
CREATE INDEX events_source_received ON events (source, received_at);

-- Numbers stored twice under two spellings of one phone (+52 1 …, +54 …, Brazil's ninth digit) are
-- merged by code after this file (Fleet/PhoneMerge.cs): libphonenumber decides, not SQL.
