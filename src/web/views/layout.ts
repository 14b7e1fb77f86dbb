/** The page frame: header with navigation, the main region, one stylesheet, no scripts. */
export const LAYOUT = `<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · Touchpoint</title>
<link rel="stylesheet" href="/app/app.css">
</head>
<body>
<a class="skip" href="#main">{{m.skipToContent}}</a>
<header class="top">
  <span class="brand">Touchpoint</span>
  {{#if signedIn}}
  <nav aria-label="{{m.navMain}}">
    <a href="/app"{{#if nav.today}} aria-current="page"{{/if}}>{{m.navToday}}</a>
    <a href="/app/pool"{{#if nav.pool}} aria-current="page"{{/if}}>{{m.navPool}}</a>
    <a href="/app/reports"{{#if nav.reports}} aria-current="page"{{/if}}>{{m.navReports}}</a>
  </nav>
  <form method="post" action="/app/sign-out" class="signout">
    <span class="who">{{staffName}}</span>
    <button type="submit">{{m.signOut}}</button>
  </form>
  {{/if}}
</header>
<main id="main" tabindex="-1">
{{#if flash}}<p class="flash" role="status">{{flash}}</p>{{/if}}
{{body}}
</main>
{{#if signedIn}}
<footer class="bottom">
  <form method="post" action="/app/language" class="language">
    <label for="page-language">{{m.language}}</label>
    <select id="page-language" name="locale">
      {{#each languages}}<option value="{{value}}" lang="{{value}}"{{#if selected}} selected{{/if}}>{{name}}</option>{{/each}}
    </select>
    <button type="submit">{{m.changeLanguage}}</button>
  </form>
</footer>
{{/if}}
</body>
</html>`;
