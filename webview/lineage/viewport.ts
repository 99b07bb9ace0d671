// Pan and zoom of the drawn graph: one CSS transform on the stage that holds the SVG, so moving a
// 2,000-node graph repaints nothing; the compositor layer is kept only while the user moves it,
// then dropped so the text is drawn sharp again at the new scale.
const MIN_SCALE = 0.05;
const MAX_SCALE = 3;
/** A press that moves less than this is a click, not a drag. */
const DRAG_PX = 4;
/**
 * Below this scale a node's 11-12.5 px text would be under 4 px tall: unreadable, yet with 2,000
 * nodes it is most of what the browser lays out and paints. The stage then gets the class `far`
 * and the text is not drawn (boxes, status stripes and edges still are); zooming in brings it back.
 */
export const FAR_SCALE = 0.35;

/** A pan and zoom state: stage px = graph px * k + (x, y). */
export interface View {
  x: number;
  y: number;
  k: number;
}

/** Pans and zooms `stage` inside `frame`. */
export class Viewport {
  readonly view: View = { x: 0, y: 0, k: 1 };
  private settle: ReturnType<typeof setTimeout> | undefined;
  private frameRequested = false;
  /** True right after a drag, so the click that ends it does not act on a node. */
  dragged = false;

  constructor(private readonly frame: HTMLElement, private readonly stage: HTMLElement) {
    frame.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    frame.addEventListener('pointerdown', (e) => this.onPointerDown(e));
  }

  /** Applies the view on the next frame (many events per frame cost one style change). */
  apply(): void {
    // At once, not on the frame: a graph drawn and fitted in one task is then laid out only once.
    this.stage.classList.toggle('far', this.view.k < FAR_SCALE);
    this.stage.style.willChange = 'transform';
    if (this.settle) clearTimeout(this.settle);
    // Drops the layer once the graph stands still, so the browser redraws the text at its new scale.
    this.settle = setTimeout(() => { this.stage.style.willChange = 'auto'; }, 200);
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      const { x, y, k } = this.view;
      this.stage.style.transform = `translate(${x}px, ${y}px) scale(${k})`;
    });
  }

  /** Zooms by `factor` around the frame point (px, py). */
  zoomAt(factor: number, px: number, py: number): void {
    const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.view.k * factor));
    const f = k / this.view.k;
    this.view.x = px - (px - this.view.x) * f;
    this.view.y = py - (py - this.view.y) * f;
    this.view.k = k;
    this.apply();
  }

  /** Zooms around the frame's centre. */
  zoom(factor: number): void {
    this.zoomAt(factor, this.frame.clientWidth / 2, this.frame.clientHeight / 2);
  }

  panBy(dx: number, dy: number): void {
    this.view.x += dx;
    this.view.y += dy;
    this.apply();
  }

  /** Shows the whole graph (`width` x `height`), at most at scale 1; returns the scale. */
  fit(width: number, height: number): number {
    const w = this.frame.clientWidth || 800;
    const h = this.frame.clientHeight || 600;
    const k = Math.max(MIN_SCALE, Math.min(1, (w - 24) / width, (h - 24) / height));
    this.view.k = k;
    this.view.x = (w - width * k) / 2;
    this.view.y = Math.max(12, (h - height * k) / 2);
    this.apply();
    return k;
  }

  /** Centres the graph point (gx, gy), keeping the scale. */
  centre(gx: number, gy: number): void {
    this.view.x = (this.frame.clientWidth || 800) / 2 - gx * this.view.k;
    this.view.y = (this.frame.clientHeight || 600) / 2 - gy * this.view.k;
    this.apply();
  }

  /** Brings the graph box (gx, gy, w, h) into view when it is outside, by the least move. */
  reveal(gx: number, gy: number, w: number, h: number): void {
    const { x, y, k } = this.view;
    const fw = this.frame.clientWidth;
    const fh = this.frame.clientHeight;
    const left = gx * k + x;
    const top = gy * k + y;
    const margin = 24;
    let dx = 0;
    let dy = 0;
    if (left < margin) dx = margin - left;
    else if (left + w * k > fw - margin) dx = fw - margin - (left + w * k);
    if (top < margin) dy = margin - top;
    else if (top + h * k > fh - margin) dy = fh - margin - (top + h * k);
    if (dx !== 0 || dy !== 0) this.panBy(dx, dy);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.frame.getBoundingClientRect();
    // Pinch (ctrl+wheel) and the mouse wheel zoom; a trackpad's two-finger scroll with shift pans.
    if (e.shiftKey) this.panBy(-e.deltaX - e.deltaY, 0);
    else this.zoomAt(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const start = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
    this.dragged = false;
    const move = (m: PointerEvent): void => {
      const dx = m.clientX - start.x;
      const dy = m.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < DRAG_PX) return;
      if (!this.dragged) this.frame.setPointerCapture(e.pointerId);
      this.dragged = true;
      this.frame.classList.add('panning');
      this.view.x = start.vx + dx;
      this.view.y = start.vy + dy;
      this.apply();
    };
    const up = (): void => {
      this.frame.removeEventListener('pointermove', move);
      this.frame.removeEventListener('pointerup', up);
      this.frame.removeEventListener('pointercancel', up);
      this.frame.classList.remove('panning');
    };
    this.frame.addEventListener('pointermove', move);
    this.frame.addEventListener('pointerup', up);
    this.frame.addEventListener('pointercancel', up);
  }
}
