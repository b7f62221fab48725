/** The audit feature's public API: record an audit row in the writer's transaction, search and read the log. */
export { auditForEntity, distinctActions, recordAnonymousAudit, recordAudit, recordAudits, searchAudit, type AuditEntry, type AuditRow, type AuditView } from './log/service.ts';
