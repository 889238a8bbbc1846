import { Migration } from '@mikro-orm/migrations';

/** Enterprises, tax payments and budget revenue, with an index for every filter and nested list offered. */
export class Migration20261127000001 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE industry (
        code          text PRIMARY KEY CHECK (char_length(code) = 2),
        name          text NOT NULL,
        section       text NOT NULL CHECK (char_length(section) = 1),
        section_name  text NOT NULL
      );

      CREATE TABLE enterprise (
        credit_code           text PRIMARY KEY CHECK (char_length(credit_code) = 18),
        name                  text NOT NULL,
        industry_code         text NOT NULL REFERENCES industry (code) CHECK (char_length(industry_code) = 2),
        district_code         text NOT NULL CHECK (char_length(district_code) = 6),
        legal_representative  text NOT NULL,
        contact_phone         text NOT NULL,
        registered_capital    numeric(14, 2) NOT NULL,
        established_on        date NOT NULL
      );
      -- enterprises(districtCode), Region.enterprises, enterprises(industryCode), and both together.
      CREATE INDEX enterprise_district_idx ON enterprise (district_code, credit_code);
      CREATE INDEX enterprise_industry_idx ON enterprise (industry_code, credit_code);
      CREATE INDEX enterprise_district_industry_idx ON enterprise (district_code, industry_code, credit_code);

      CREATE TABLE tax_payment (
        id               bigint PRIMARY KEY,
        enterprise_code  text NOT NULL CHECK (char_length(enterprise_code) = 18),
        period           text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        tax_type         text NOT NULL,
        amount           numeric(16, 2) NOT NULL,
        district_code    text NOT NULL CHECK (char_length(district_code) = 6),
        industry_code    text NOT NULL CHECK (char_length(industry_code) = 2),
        office_code      text NOT NULL CHECK (char_length(office_code) = 9),
        paid_on          date NOT NULL
      );
      -- Enterprise.taxPayments: newest first per enterprise (taxType and period filters within it).
      CREATE INDEX tax_payment_enterprise_idx ON tax_payment (enterprise_code, period DESC, id DESC);
      -- revenueSummary filters: period range alone or with district, industry or tax type.
      CREATE INDEX tax_payment_period_idx ON tax_payment (period);
      CREATE INDEX tax_payment_district_idx ON tax_payment (district_code, period);
      CREATE INDEX tax_payment_industry_idx ON tax_payment (industry_code, period);
      CREATE INDEX tax_payment_type_idx ON tax_payment (tax_type, period);

      CREATE TABLE budget_revenue (
        district_code  text NOT NULL CHECK (char_length(district_code) = 6),
        year           integer NOT NULL,
        category       text NOT NULL,
        budget_amount  numeric(14, 2) NOT NULL,
        actual_amount  numeric(14, 2) NOT NULL,
        PRIMARY KEY (district_code, year, category)
      );
      CREATE INDEX budget_revenue_year_idx ON budget_revenue (year, district_code);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'DROP TABLE budget_revenue; DROP TABLE tax_payment; DROP TABLE enterprise; DROP TABLE industry;',
    );
  }
}
