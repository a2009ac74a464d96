// The Impact report as a PDF for leadership, drawn with pdfkit's built-in Helvetica (no fonts or
// anything else fetched): headline figures, a monthly chart per automation with the launch marked,
// the comparison with untouched request types, the year's trends and the next candidates.
import PDFDocument from 'pdfkit';
import { impactMonths } from '../toil/impact';
import type { ImpactReport } from '../toil/impact-types';
import type { CandidateReportRow } from './candidates';
import type { LeadershipTrends } from './impact';

const MARGIN = 48;
const INK = '#1d2230';
const MUTED = '#5b6475';
const ACCENT = '#4f5bd5';
const RUNS = '#2f9e44';
const LAUNCH = '#d9480f';

function hours(value: number | null): string {
  if (value === null) return '—';
  return value >= 100 ? `${Math.round(value).toLocaleString('en-US')} h` : `${value.toFixed(1)} h`;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)} %`;
}

function day(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso));
}

/** Bars of monthly tickets, a line of runs, a dashed line at the launch month. */
function drawVolumeChart(doc: PDFKit.PDFDocument, report: ImpactReport, top: number): number {
  const data = impactMonths(report);
  const width = doc.page.width - 2 * MARGIN;
  const height = 150;
  const left = MARGIN + 28;
  const plotWidth = width - 28;
  const max = Math.max(1, ...data.map((m) => Math.max(m.tickets, m.runs)));
  const slot = plotWidth / Math.max(1, data.length);
  const y = (v: number) => top + height - (v / max) * height;
  doc.lineWidth(0.5).strokeColor('#d5d9e2');
  for (const fraction of [0, 0.5, 1]) {
    const lineY = y(max * fraction);
    doc
      .moveTo(left, lineY)
      .lineTo(left + plotWidth, lineY)
      .stroke();
    doc
      .fillColor(MUTED)
      .fontSize(7)
      .text(String(Math.round(max * fraction)), MARGIN, lineY - 3, { width: 24, align: 'right' });
  }
  data.forEach((m, i) => {
    const barHeight = (m.tickets / max) * height;
    doc.rect(left + i * slot + slot * 0.18, top + height - barHeight, slot * 0.64, barHeight).fill(ACCENT);
    doc
      .fillColor(MUTED)
      .fontSize(7)
      .text(m.period, left + i * slot, top + height + 4, { width: slot, align: 'center' });
  });
  doc.lineWidth(1.5).strokeColor(RUNS);
  data.forEach((m, i) => {
    const px = left + i * slot + slot / 2;
    if (i === 0) doc.moveTo(px, y(m.runs));
    else doc.lineTo(px, y(m.runs));
  });
  doc.stroke();
  const launchIndex = data.findIndex((m) => m.period === report.after.volumeByMonth[0]?.period);
  if (launchIndex >= 0) {
    const lx = left + launchIndex * slot + slot / 2;
    doc
      .lineWidth(1)
      .strokeColor(LAUNCH)
      .dash(3, { space: 2 })
      .moveTo(lx, top - 6)
      .lineTo(lx, top + height)
      .stroke()
      .undash();
    doc
      .fillColor(LAUNCH)
      .fontSize(7)
      .text('launch', lx + 3, top - 8);
  }
  const legendY = top + height + 16;
  doc.rect(left, legendY, 8, 8).fill(ACCENT);
  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text('tickets filed', left + 12, legendY);
  doc.rect(left + 80, legendY + 3, 12, 2).fill(RUNS);
  doc.fillColor(MUTED).text('self-service runs', left + 96, legendY);
  return legendY + 18;
}

function table(doc: PDFKit.PDFDocument, rows: string[][], widths: number[], top: number): number {
  let y = top;
  rows.forEach((row, r) => {
    let x = MARGIN;
    doc
      .font(r === 0 ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(8.5)
      .fillColor(INK);
    row.forEach((cell, c) => {
      doc.text(cell, x, y, { width: widths[c] ?? 80, align: c === 0 ? 'left' : 'right', lineBreak: false });
      x += widths[c] ?? 80;
    });
    y += 14;
  });
  doc.font('Helvetica');
  return y + 4;
}

function ensureRoom(doc: PDFKit.PDFDocument, y: number, needed: number): number {
  if (y + needed <= doc.page.height - MARGIN - 20) return y;
  doc.addPage();
  return MARGIN;
}

export function impactPdf(input: {
  reports: ImpactReport[];
  trends: LeadershipTrends;
  candidates: CandidateReportRow[];
  asOf: Date;
  timeZone: string;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: 'Toilscope impact report' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const { timeZone } = input;

  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text('Impact report', MARGIN, MARGIN);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MUTED)
    .text(`Toilscope · as of ${day(input.asOf.toISOString(), timeZone)} (${timeZone})`);
  let y = doc.y + 14;

  if (input.reports.length === 0) {
    doc.fontSize(11).fillColor(INK).text('No automations are registered yet.', MARGIN, y);
    y = doc.y + 12;
  }
  for (const [index, report] of input.reports.entries()) {
    if (index > 0) {
      doc.addPage();
      y = MARGIN;
    }
    doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text(report.name, MARGIN, y);
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(MUTED)
      .text(
        `Launched ${day(report.launchedAt, timeZone)} · before ${day(report.before.from, timeZone)} – ${day(report.before.to, timeZone)} · after ${day(report.after.from, timeZone)} – ${day(report.after.to, timeZone)}`,
      );
    y = doc.y + 10;
    const headline: Array<[string, string, string]> = [
      [
        'Hours saved / month',
        hours(report.realisedHoursSavedPerMonth),
        `projected ${hours(report.projectedHoursSavedPerMonth)}`,
      ],
      [
        'Adoption',
        percent(report.adoption),
        `${report.selfServiceRuns} runs, ${report.residualTickets} tickets`,
      ],
      [
        'Requester wait / ticket',
        hours(report.before.requesterWaitHoursPerTicket),
        `after: ${hours(report.after.requesterWaitHoursPerTicket)}`,
      ],
      [
        'Tickets / month',
        `${report.before.ticketsPerMonth.toFixed(1)} to ${report.after.ticketsPerMonth.toFixed(1)}`,
        `avoided ${report.controlChange.avoidedTicketsPerMonth?.toFixed(1) ?? '—'} (vs control)`,
      ],
    ];
    const boxWidth = (doc.page.width - 2 * MARGIN - 18) / 4;
    headline.forEach(([title, value, foot], i) => {
      const x = MARGIN + i * (boxWidth + 6);
      doc.lineWidth(0.5).strokeColor('#d5d9e2').roundedRect(x, y, boxWidth, 58, 4).stroke();
      doc
        .fillColor(MUTED)
        .fontSize(7.5)
        .text(title.toUpperCase(), x + 8, y + 7, { width: boxWidth - 16 });
      doc
        .font('Helvetica-Bold')
        .fillColor(INK)
        .fontSize(15)
        .text(value, x + 8, y + 19, { width: boxWidth - 16 });
      doc
        .font('Helvetica')
        .fillColor(MUTED)
        .fontSize(7.5)
        .text(foot, x + 8, y + 41, { width: boxWidth - 16 });
    });
    y += 74;
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(INK)
      .text('Tickets and self-service runs by month', MARGIN, y);
    y = drawVolumeChart(doc, report, y + 22);
    const c = report.controlChange;
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(INK)
      .text(
        `Against ${c.clusters} untouched request types, which moved ${c.relativeChange === null ? '—' : `${(c.relativeChange * 100).toFixed(1)} %`} over the same windows: ` +
          `${c.expectedAfterTicketsPerMonth?.toFixed(1) ?? '—'} tickets a month were expected without the automation, ` +
          `${report.after.ticketsPerMonth.toFixed(1)} were filed, so ${c.avoidedTicketsPerMonth?.toFixed(1) ?? '—'} a month were avoided.`,
        MARGIN,
        y + 4,
        { width: doc.page.width - 2 * MARGIN },
      );
    doc
      .fillColor(MUTED)
      .fontSize(8.5)
      .text(report.uncertainty.note, { width: doc.page.width - 2 * MARGIN });
    y = doc.y + 10;
    const d = (x: ImpactReport['before']['leadTimeHours']) => [
      String(x.n),
      hours(x.p50),
      hours(x.p85),
      hours(x.p95),
    ];
    y = table(
      doc,
      [
        ['', 'n', 'p50', 'p85', 'p95'],
        ['Lead time before', ...d(report.before.leadTimeHours)],
        ['Lead time after', ...d(report.after.leadTimeHours)],
        ['Queue time before', ...d(report.before.queueHours)],
        ['Queue time after', ...d(report.after.queueHours)],
      ],
      [160, 60, 80, 80, 80],
      y,
    );
    if (report.before.sloAttainment.length > 0) {
      y = table(
        doc,
        [
          ['SLO attainment', 'before', 'after'],
          ...report.before.sloAttainment.map((b) => [
            b.policy,
            percent(b.attainment),
            percent(report.after.sloAttainment.find((a) => a.policy === b.policy)?.attainment ?? null),
          ]),
        ],
        [160, 80, 80],
        y,
      );
    }
  }

  y = ensureRoom(doc, y, 200);
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('The year by month', MARGIN, y);
  y = doc.y + 6;
  const toil = new Map(input.trends.toilShare.map((t) => [t.period, t.share]));
  y = table(
    doc,
    [
      ['Month', 'resolved', 'lead time p50', 'ever reopened', 'incident restore p50', 'toil share'],
      ...input.trends.requests.map((m) => [
        m.period,
        String(m.resolved),
        hours(m.leadTimeP50Hours),
        m.resolved ? percent(m.everReopened / m.resolved) : '—',
        hours(m.incidentRestoreP50Hours),
        percent(toil.get(m.period) ?? null),
      ]),
    ],
    [70, 60, 80, 80, 100, 70],
    y,
  );

  y = ensureRoom(doc, y, 90);
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('Next to automate', MARGIN, y);
  y = doc.y + 6;
  table(
    doc,
    [
      ['Request type', 'tickets / month', 'monthly cost', 'payback'],
      ...input.candidates.map((c) => [
        c.label.slice(0, 48),
        c.ticketsPerMonth.toFixed(1),
        c.monthlyCost === null ? '—' : `$${Math.round(c.monthlyCost).toLocaleString('en-US')}`,
        c.paybackMonths === null ? '—' : `${c.paybackMonths.toFixed(1)} months`,
      ]),
    ],
    [220, 80, 90, 90],
    y,
  );

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page; the footer lives there.
    doc.page.margins.bottom = 0;
    doc
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
