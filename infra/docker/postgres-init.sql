-- One database per service, as the local scripts create them (infra/stack.json).
CREATE DATABASE hcts_gateway;
CREATE DATABASE hcts_catalog;
CREATE DATABASE hcts_trading;
CREATE DATABASE hcts_payments;
CREATE DATABASE hcts_certificates;
CREATE DATABASE hcts_compliance;
CREATE DATABASE hcts_analytics;
CREATE DATABASE hcts_webhooks;
