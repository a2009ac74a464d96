import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  // pdfkit reads its built-in font metrics from its own folder at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pdfkit'],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() gives pages a real 403 when a signed-in person lacks the role (app/_lib/authorize.ts).
  experimental: { authInterrupts: true },
};

export default nextConfig;
