-- Runs once, on first start with an empty data volume (docker-entrypoint-initdb.d).
-- One database per service keeps their schemas (and Flyway/db-scheduler tables) apart.
-- Owned by the POSTGRES_USER (momentum), which runs this script.
CREATE DATABASE commitments;
CREATE DATABASE deals;
