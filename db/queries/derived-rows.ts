import type postgres from 'postgres';

/**
 * Drops the derived rows (intervals, SLO cycles, metrics) of the given tickets; the raw history stays.
 * Pass a transaction to make it part of a larger write.
 */
export async function deleteDerivedRows({
  sql,
  ticketIds,
}: {
  sql: postgres.Sql | postgres.TransactionSql;
  ticketIds: readonly string[];
}): Promise<void> {
  if (ticketIds.length === 0) return;
  const ids = ticketIds as string[];
  await sql`delete from ticket_intervals where ticket_id = any(${ids})`;
  await sql`delete from slo_cycles where ticket_id = any(${ids})`;
  await sql`delete from ticket_metrics where ticket_id = any(${ids})`;
}
