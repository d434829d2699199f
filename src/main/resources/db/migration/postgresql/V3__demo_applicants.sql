-- The sample internal records are for the embedded H2 demo only: on PostgreSQL the applicant table stays empty
-- (enrich.sql normally points at the lender's own table). This keeps the schema versions of both databases equal.
SELECT 1;
