/**
 * Saves `data` as a JSON file on this device, as a download the browser names `fileName`: a Blob behind an object
 * URL, clicked through a link that is gone again at once. The URL is let go of once the click has started the
 * download (some browsers read it just after the click).
 */
export function downloadJson(data: unknown, fileName: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** A day in this device's time zone as a file name takes it: "2026-03-14". */
export function fileDay(at: string | Date): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
