// Frame times of a page on its own clock: a requestAnimationFrame loop records each frame's
// timestamp while a benchmark drives the page, and the intervals become p95, max and the frames a
// 60 Hz display would have dropped.
/// <reference lib="dom" />
import { type Frame } from 'playwright-core';

/** One 60 Hz frame in ms. */
export const FRAME_MS = 1000 / 60;

interface Recorder {
  __runlensFrames?: number[];
  __runlensRecording?: boolean;
}

/** Starts recording the frame's requestAnimationFrame timestamps. */
export async function startFrameRecorder(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as Recorder;
    w.__runlensFrames = [];
    w.__runlensRecording = true;
    const tick = (t: number): void => {
      w.__runlensFrames?.push(t);
      if (w.__runlensRecording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops recording and returns the timestamps. */
export async function stopFrameRecorder(frame: Frame): Promise<number[]> {
  return frame.evaluate(() => {
    const w = window as unknown as Recorder;
    w.__runlensRecording = false;
    return w.__runlensFrames ?? [];
  });
}

/** What frame timestamps say: the 95th percentile and longest interval, and frames dropped at 60 Hz. */
export function frameStats(timestamps: readonly number[]): { count: number; p95: number; max: number; dropped: number } {
  const intervals = timestamps.slice(1).map((t, i) => t - (timestamps[i] ?? t));
  const sorted = [...intervals].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  // An interval of n frame periods (rounded) means n - 1 frames never drawn.
  const dropped = intervals.reduce((sum, dt) => sum + Math.max(0, Math.round(dt / FRAME_MS) - 1), 0);
  return { count: timestamps.length, p95, max: sorted.at(-1) ?? 0, dropped };
}
