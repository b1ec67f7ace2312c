import { openPdf } from './pdf-text.js';

/** What a screen reader gets from a PDF: its tags, language, title and the structure elements in reading order. */
export interface PdfStructure {
  readonly marked: boolean;
  readonly lang: string | null;
  readonly title: string | null;
  readonly displayTitle: boolean;
  /** Structure roles in reading order, page after page (H1, P, Table, TR, TH, …). */
  readonly roles: readonly string[];
  /** The alternative text of every Figure. */
  readonly figureAlts: readonly string[];
}

interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
}

/** Reads a PDF's accessibility structure with pdf.js (the legacy build for Node). */
export async function pdfStructure(bytes: Uint8Array): Promise<PdfStructure> {
  const doc = await openPdf(bytes);
  const roles: string[] = [];
  const figureAlts: string[] = [];
  const walk = (node: StructNode) => {
    if (node.role && node.role !== 'Root') roles.push(node.role);
    if (node.role === 'Figure') figureAlts.push(node.alt ?? '');
    node.children?.forEach(walk);
  };
  for (let p = 1; p <= doc.numPages; p++) {
    const tree = (await (await doc.getPage(p)).getStructTree()) as StructNode | null;
    if (tree) walk(tree);
  }
  const markInfo = (await doc.getMarkInfo()) as { Marked?: boolean } | null;
  const info = (await doc.getMetadata()).info as { Title?: string; Language?: string };
  const prefs = ((await doc.getViewerPreferences()) ?? {}) as { DisplayDocTitle?: boolean };
  await doc.destroy();
  return {
    marked: markInfo?.Marked === true,
    lang: info.Language ?? null,
    title: info.Title ?? null,
    displayTitle: prefs.DisplayDocTitle === true,
    roles,
    figureAlts,
  };
}
