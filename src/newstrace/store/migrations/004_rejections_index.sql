-- Reruns look rejections up by item before storing one again.
CREATE INDEX rejections_item ON rejections (item, reason);
