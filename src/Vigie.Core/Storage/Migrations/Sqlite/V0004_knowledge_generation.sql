-- A counter bumped by every import batch that changed the knowledge base: matchers cache the knowledge base in
-- memory and reload it when the counter moves (also when another server sharing the database imported).
CREATE TABLE vuln_knowledge_state (
    id INTEGER PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO vuln_knowledge_state (id, generation)
SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM vuln_cves) OR EXISTS (SELECT 1 FROM vuln_debian_sources) THEN 1 ELSE 0 END;
