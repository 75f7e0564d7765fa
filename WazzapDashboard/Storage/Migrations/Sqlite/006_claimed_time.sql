-- An event time too far ahead of its receipt (Ingest:FutureTolerance) counts as the receipt time;
-- claimed_at keeps the time the sender claimed. NULL when the event time was believed.
ALTER TABLE events ADD COLUMN claimed_at INTEGER;

-- Events stored before this rule, with the default tolerance of five minutes.
UPDATE events SET claimed_at = occurred_at, occurred_at = received_at
WHERE occurred_at > received_at + 300000;

-- Numbers such an event froze: no time of theirs lies beyond the last receipt of one of their events.
UPDATE numbers SET
    state_event_at     = min(state_event_at,     (SELECT max(received_at) FROM events WHERE events.phone = numbers.phone)),
    status_changed_at  = min(status_changed_at,  (SELECT max(received_at) FROM events WHERE events.phone = numbers.phone)),
    last_event_at      = min(last_event_at,      (SELECT max(received_at) FROM events WHERE events.phone = numbers.phone)),
    phone_last_seen_at = min(phone_last_seen_at, (SELECT max(received_at) FROM events WHERE events.phone = numbers.phone))
WHERE max(coalesce(state_event_at, 0), coalesce(last_event_at, 0), coalesce(phone_last_seen_at, 0), coalesce(status_changed_at, 0))
      > (SELECT max(received_at) FROM events WHERE events.phone = numbers.phone);
