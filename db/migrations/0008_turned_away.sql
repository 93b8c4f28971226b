-- People who came and got no ticket, where a centre counts them (未取到号人数): the strongest
-- throttling signal (oversight/flags/rules/ticket-throttling.ts). Null where not recorded.
ALTER TABLE window_daily ADD COLUMN turned_away INTEGER;
