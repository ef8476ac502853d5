import { DataSource } from 'typeorm';
import { AuditLog } from '@insyn/audit';
import { InsynConfig } from '@insyn/config';
import {
  DepartmentsService,
  EntriesRepository,
  EntriesService,
  EntryHistoryRepository,
  EntryImportsService,
  EntryVisibilityPolicy,
  RegistryClock,
} from '@insyn/registry';
import { ConcernsRepository } from '@insyn/concerns';
import { ComplianceReportService } from '@insyn/reports';
import { ExportsService, StandardsSettings } from '@insyn/standards';

/** The standards settings of the configuration (public URL, organisation). */
export function standardsSettingsOf(config: InsynConfig): StandardsSettings {
  return { publicUrl: config.publicUrl, organisationName: config.INSYN_ORGANISATION_NAME };
}

/**
 * The registry's services for operator commands, wired as RegistryModule wires them in the API
 * (the same classes, the same visibility policy), without a Nest application.
 */
export function registryServices(dataSource: DataSource, config: InsynConfig) {
  const audit = new AuditLog();
  const clock = new RegistryClock();
  const policy = new EntryVisibilityPolicy(clock);
  const entries = new EntriesRepository(dataSource, policy);
  const history = new EntryHistoryRepository(dataSource, entries, policy);
  const departments = new DepartmentsService(dataSource, audit);
  const service = new EntriesService(dataSource, entries, audit, clock);
  return {
    entries,
    departments,
    exports: new ExportsService(entries, history, departments, clock, standardsSettingsOf(config)),
    imports: new EntryImportsService(dataSource, service, entries),
  };
}

/** The compliance report for operator commands (no access check: the operator runs it). */
export function reportServices(
  dataSource: DataSource,
  config: InsynConfig,
): ComplianceReportService {
  return new ComplianceReportService(
    dataSource,
    new RegistryClock(),
    new ConcernsRepository(dataSource),
    config,
  );
}
