/** Saves text the station produced as a file on this PC, the browser way (no file-system access). */
export function downloadText(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; a tick later the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
