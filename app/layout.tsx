import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Toilscope', template: '%s · Toilscope' },
  description:
    "Find the repeated requests in a platform team's ticket history, measure the wait, rank what to automate.",
};

export const viewport: Viewport = { themeColor: '#f6f7f9' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
