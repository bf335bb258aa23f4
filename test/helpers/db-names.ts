export const TEMPLATE_FILE_ENV = 'TRUSTLOOP_TEST_TEMPLATE_FILE';

/** One template per run of jest (the parent process id), so concurrent runs never collide. */
export function templateDatabaseName(): string {
  return `trustloop_tpl_${process.env.TRUSTLOOP_TEST_RUN ?? 'local'}`;
}

/** Connect to the maintenance database of the same server to create and drop test databases. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}
