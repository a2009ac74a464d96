import 'server-only';
import { authorizeRequest } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { errorResponse } from '@/app/api/v1/_lib/handler';
import type { Database } from '@/db/client';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import type { ToilscopeConfig } from '@/lib/config';

/**
 * A viewer's download of the Impact report (PDF, CSV): authorised like the API, read as of now, sent
 * as an attachment named by the day; failures answer as the API does.
 */
export async function impactDownload(
  request: Request,
  { extension, contentType }: { extension: 'pdf' | 'csv'; contentType: string },
  render: (input: {
    database: Database;
    config: ToilscopeConfig;
    asOf: Date;
  }) => Promise<Uint8Array<ArrayBuffer> | string>,
): Promise<Response> {
  try {
    await authorizeRequest(request, 'viewer');
    const database = await getDatabase();
    const { config } = await getConfigInForce({ db: database.db });
    const asOf = new Date();
    const body = await render({ database, config, asOf });
    return new Response(body, {
      headers: {
        'content-type': contentType,
        'content-disposition': `attachment; filename="toilscope-impact-${asOf.toISOString().slice(0, 10)}.${extension}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
