-- The local CVE knowledge base. Each source fills its own columns (NVD: configurations and status; CVE 5:
-- affected; KEV: the exploitation flag); the best CVSS metric across sources is kept.
CREATE TABLE vuln_cves (
    id TEXT PRIMARY KEY,
    rejected BOOLEAN NOT NULL DEFAULT FALSE,
    description TEXT NULL,
    published_at TIMESTAMPTZ NULL,
    modified_at TIMESTAMPTZ NULL,
    nvd_status TEXT NULL,
    cvss_version TEXT NULL,
    cvss_vector TEXT NULL,
    cvss_score DOUBLE PRECISION NULL,
    severity TEXT NULL,
    kev BOOLEAN NOT NULL DEFAULT FALSE,
    kev_added TEXT NULL,
    configurations TEXT NULL,
    affected TEXT NULL,
    sources TEXT NOT NULL,
    source_modified TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE vuln_cve_products (
    cve_id TEXT NOT NULL REFERENCES vuln_cves (id) ON DELETE CASCADE,
    vendor TEXT NOT NULL,
    product TEXT NOT NULL,
    PRIMARY KEY (vendor, product, cve_id)
);
CREATE INDEX ix_vuln_cve_products_cve ON vuln_cve_products (cve_id);

CREATE TABLE vuln_debian (
    source_package TEXT NOT NULL,
    cve_id TEXT NOT NULL,
    release TEXT NOT NULL,
    status TEXT NOT NULL,
    fixed_version TEXT NULL,
    urgency TEXT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_package, cve_id, release)
);

-- Debian binary package -> source package (the tracker speaks of source packages, dpkg of binary ones).
CREATE TABLE vuln_debian_sources (
    suite TEXT NOT NULL,
    binary_package TEXT NOT NULL,
    binary_version TEXT NOT NULL,
    source_package TEXT NOT NULL,
    source_version TEXT NOT NULL,
    architecture TEXT NOT NULL,
    PRIMARY KEY (suite, binary_package, binary_version)
);

CREATE TABLE vuln_imports (
    id UUID PRIMARY KEY,
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NULL,
    records INTEGER NOT NULL DEFAULT 0,
    imported INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    errors TEXT NOT NULL,
    status TEXT NOT NULL
);

-- One finding per (asset, CVE, program): open while the installed version is affected, resolved when it no longer is.
CREATE TABLE vuln_findings (
    id UUID PRIMARY KEY,
    asset_id UUID NOT NULL,
    cve_id TEXT NOT NULL,
    software TEXT NOT NULL,
    installed_version TEXT NULL,
    fixed_version TEXT NULL,
    path TEXT NOT NULL,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ NULL,
    disposition TEXT NULL,
    disposition_reason TEXT NULL,
    disposition_by TEXT NULL,
    disposition_expires_at TIMESTAMPTZ NULL,
    UNIQUE (asset_id, cve_id, software)
);
CREATE INDEX ix_vuln_findings_cve ON vuln_findings (cve_id);

-- Every notification sent (daily digest, alert), by channel, with its outcome.
CREATE TABLE vuln_notifications (
    id UUID PRIMARY KEY,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    subject TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL,
    error TEXT NULL
);

-- The last synchronisation of each configured knowledge-base source (incremental NVD queries start from it).
CREATE TABLE vuln_sync_state (
    source TEXT PRIMARY KEY,
    last_success_at TIMESTAMPTZ NULL,
    last_run_at TIMESTAMPTZ NOT NULL,
    last_status TEXT NOT NULL,
    last_error TEXT NULL
);

-- The translation table as edited by an administrator (absent: the table shipped in the repository applies).
CREATE TABLE vuln_translation_table (
    id INTEGER PRIMARY KEY,
    content TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL
);
