import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail loses its UNIQUE index on `hash`. Every request appends a record, and that index was the one
 * place each append touched at random (a 64-hex-digit key on a table that only grows): measured on the typical
 * department query of `npm run bench`, the audit INSERT wrote 3.8 KB of WAL per record with it and 1.8 KB
 * without, and took 0.45 ms against 0.33 ms per group-committed batch. It guarded nothing: the chain is
 * verified by recomputing every hash from the content and the previous hash, in `seq` order (the primary key),
 * and a record's hash covers its seq, so two records cannot share one without breaking the chain.
 */
export class Migration20261127000004 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE audit_record DROP CONSTRAINT audit_record_hash_key;`);
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE audit_record ADD CONSTRAINT audit_record_hash_key UNIQUE (hash);`);
  }
}
