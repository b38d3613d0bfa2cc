CREATE TABLE inventory_assets (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    tag TEXT NULL,
    pending_tag TEXT NULL,
    blocked BOOLEAN NOT NULL DEFAULT FALSE,
    os_name TEXT NULL,
    os_version TEXT NULL,
    os_full_name TEXT NULL,
    kernel TEXT NULL,
    architecture TEXT NULL,
    hw_uuid TEXT NULL,
    serial TEXT NULL,
    manufacturer TEXT NULL,
    model TEXT NULL,
    firmware TEXT NULL,
    ip_address TEXT NULL,
    details TEXT NOT NULL,
    tracked TEXT NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    last_inventory TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_inventory_assets_name ON inventory_assets (LOWER(name));
CREATE INDEX ix_inventory_assets_uuid ON inventory_assets (hw_uuid);
CREATE INDEX ix_inventory_assets_serial ON inventory_assets (serial);
CREATE INDEX ix_inventory_assets_last_seen ON inventory_assets (last_seen);

CREATE TABLE inventory_agents (
    device_id TEXT PRIMARY KEY,
    asset_id UUID NOT NULL REFERENCES inventory_assets (id) ON DELETE CASCADE,
    agent TEXT NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_inventory_agents_asset ON inventory_agents (asset_id);

CREATE TABLE inventory_asset_macs (
    asset_id UUID NOT NULL REFERENCES inventory_assets (id) ON DELETE CASCADE,
    mac TEXT NOT NULL,
    PRIMARY KEY (asset_id, mac)
);
CREATE INDEX ix_inventory_asset_macs_mac ON inventory_asset_macs (mac);

-- The software catalogue: one row per distinct (name, version, architecture, publisher, package, source) in the
-- fleet. Assets point at it, so an inventory appends narrow rows clustered by asset instead of rewriting wide
-- rows and a name index scattered across the whole table.
CREATE TABLE inventory_software (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identity_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL,
    version TEXT NULL,
    publisher TEXT NULL,
    architecture TEXT NULL,
    package_name TEXT NULL,
    source TEXT NULL,
    first_seen TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_inventory_software_name ON inventory_software (name_normalized);

CREATE TABLE inventory_asset_software (
    asset_id UUID NOT NULL REFERENCES inventory_assets (id) ON DELETE CASCADE,
    software_id BIGINT NOT NULL REFERENCES inventory_software (id),
    install_date TEXT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (asset_id, software_id)
);

CREATE TABLE inventory_history (
    id UUID PRIMARY KEY,
    asset_id UUID NOT NULL REFERENCES inventory_assets (id) ON DELETE CASCADE,
    occurred_at TIMESTAMPTZ NOT NULL,
    change TEXT NOT NULL,
    subject TEXT NOT NULL,
    old_value TEXT NULL,
    new_value TEXT NULL
);
CREATE INDEX ix_inventory_history_asset ON inventory_history (asset_id, occurred_at);

CREATE TABLE inventory_snmp_devices (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    port INTEGER NOT NULL,
    version TEXT NOT NULL,
    credentials TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    asset_id UUID NULL REFERENCES inventory_assets (id) ON DELETE SET NULL,
    last_poll_at TIMESTAMPTZ NULL,
    last_poll_status TEXT NULL,
    last_error TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (address, port)
);
