export * from './compliance-report';
export * from './compliance-report.service';
export * from './compliance-report.csv';
export * from './reports.module';
