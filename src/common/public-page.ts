/**
 * The frame of the pages a customer opens from a message (unsubscribe, feedback): no login, no
 * script, not indexed, readable on a phone. Values go in escaped; `body` is markup built from
 * escaped values.
 */
export function publicPage(language: string, title: string, body: string, css = ''): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.4rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.3rem;background:#333;color:#fff;cursor:pointer}
${css}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
