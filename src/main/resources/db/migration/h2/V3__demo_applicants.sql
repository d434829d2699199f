-- Sample internal records for the embedded demo, matching the uids of the README's examples and the samples.
INSERT INTO applicant (uid, internal_id, full_name, email, crm_id, loan_officer_email) VALUES
    ('APP-2026-0001', 'CUST-1001', 'Demo Applicant One', 'applicant1@example.com', 'CRM-5001', 'officer.a@example.com'),
    ('APP-2026-0002', 'CUST-1002', 'Demo Applicant Two', 'applicant2@example.com', 'CRM-5002', 'officer.a@example.com'),
    ('APP-2026-0003', 'CUST-1003', 'Demo Applicant Three', 'applicant3@example.com', 'CRM-5003', 'officer.b@example.com'),
    ('APP-2026-0004', 'CUST-1004', 'Demo Applicant Four', 'applicant4@example.com', 'CRM-5004', 'officer.b@example.com'),
    ('APP-2026-0005', 'CUST-1005', 'Demo Applicant Five', 'applicant5@example.com', 'CRM-5005', 'officer.a@example.com'),
    ('APP-2026-0006', 'CUST-1006', 'Demo Applicant Six', 'applicant6@example.com', 'CRM-5006', 'officer.b@example.com'),
    ('APP-2026-0007', 'CUST-1007', 'Demo Applicant Seven', 'applicant7@example.com', 'CRM-5007', NULL);
