import { Migration } from '@mikro-orm/migrations';

/** Documents, supervised tasks, key projects and performance scores, indexed for each filter offered. */
export class Migration20261127000001 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE policy_document (
        id                         integer PRIMARY KEY,
        doc_number                 text NOT NULL,
        title                      text NOT NULL,
        kind                       text NOT NULL,
        issuing_department_code    text NOT NULL CHECK (char_length(issuing_department_code) = 9),
        issued_on                  date NOT NULL,
        secrecy_level              text NOT NULL CHECK (secrecy_level IN ('PUBLIC', 'INTERNAL', 'RESTRICTED'))
      );
      CREATE INDEX policy_document_issued_idx ON policy_document (issued_on DESC, id DESC);
      CREATE INDEX policy_document_department_idx ON policy_document (issuing_department_code, issued_on DESC, id DESC);
      CREATE INDEX policy_document_kind_idx ON policy_document (kind, issued_on DESC, id DESC);

      CREATE TABLE supervised_task (
        id                     integer PRIMARY KEY,
        code                   text NOT NULL UNIQUE,
        title                  text NOT NULL,
        lead_department_code   text NOT NULL CHECK (char_length(lead_department_code) = 9),
        deadline               date NOT NULL,
        status                 text NOT NULL CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'OVERDUE')),
        progress_percent       integer NOT NULL CHECK (progress_percent BETWEEN 0 AND 100),
        progress_note          text NOT NULL,
        publicly_listed        boolean NOT NULL
      );
      CREATE INDEX supervised_task_deadline_idx ON supervised_task (deadline, id);
      CREATE INDEX supervised_task_lead_idx ON supervised_task (lead_department_code, deadline, id);
      CREATE INDEX supervised_task_status_idx ON supervised_task (status, deadline, id);
      CREATE INDEX supervised_task_lead_status_idx ON supervised_task (lead_department_code, status, deadline, id);

      CREATE TABLE key_project (
        id                     integer PRIMARY KEY,
        name                   text NOT NULL,
        investor_code          text NOT NULL CHECK (char_length(investor_code) = 18),
        district_code          text NOT NULL CHECK (char_length(district_code) = 6),
        total_investment       numeric(14, 2) NOT NULL,
        completed_investment   numeric(14, 2) NOT NULL,
        status                 text NOT NULL CHECK (status IN ('PLANNED', 'UNDER_CONSTRUCTION', 'COMPLETED')),
        start_year             integer NOT NULL
      );
      CREATE INDEX key_project_investor_idx ON key_project (investor_code, id);
      CREATE INDEX key_project_district_idx ON key_project (district_code, id);
      CREATE INDEX key_project_status_idx ON key_project (status, id);
      CREATE INDEX key_project_district_status_idx ON key_project (district_code, status, id);

      CREATE TABLE performance_score (
        department_code  text NOT NULL CHECK (char_length(department_code) = 9),
        year             integer NOT NULL,
        score            numeric(5, 2) NOT NULL,
        rank             integer NOT NULL,
        grade            text NOT NULL,
        PRIMARY KEY (department_code, year)
      );
      CREATE INDEX performance_score_year_idx ON performance_score (year, rank);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'DROP TABLE performance_score; DROP TABLE key_project; DROP TABLE supervised_task; DROP TABLE policy_document;',
    );
  }
}
