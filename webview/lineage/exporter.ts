// Exports of the drawn graph: a standalone SVG (the theme's colours written into each element, as
// the file will not have VS Code's variables or fonts) and a PNG painted from that SVG. The host
// saves both through a save dialog.
const PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style'] as const;
/** A PNG side is capped here (browsers refuse larger canvases). */
const MAX_PNG_SIDE = 8192;

/** The live SVG as a standalone document. */
export function standaloneSvg(live: SVGSVGElement): string {
  const copy = live.cloneNode(true) as SVGSVGElement;
  const from = [live, ...live.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i];
    if (!(target instanceof SVGElement) || el.tagName === 'title') return;
    const cs = getComputedStyle(el);
    const style = PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    target.setAttribute('style', style);
    target.removeAttribute('class');
  });
  // The codicon font is not in the file: icons go, their meaning stays in the text (status, "stale").
  for (const el of copy.querySelectorAll('[data-glyph], .focus-ring')) el.remove();
  const bg = getComputedStyle(document.body).backgroundColor;
  const vb = live.viewBox.baseVal;
  const back = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: vb.x, y: vb.y, width: vb.width, height: vb.height, fill: bg })) back.setAttribute(k, String(v));
  copy.insertBefore(back, copy.firstChild);
  copy.removeAttribute('aria-hidden');
  copy.setAttribute('role', 'img');
  copy.removeAttribute('style');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** The SVG painted on a canvas, as a PNG data URL. */
export async function pngOf(svg: string, width: number, height: number): Promise<string> {
  const scale = Math.min(2, MAX_PNG_SIDE / width, MAX_PNG_SIDE / height);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
