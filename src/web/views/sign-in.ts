export const SIGN_IN = `<h1>{{m.signInTitle}}</h1>
<p>{{m.signInIntro}}</p>
{{#if error}}<p class="error" role="alert" id="token-error">{{error}}</p>{{/if}}
<form method="post" action="/app/sign-in" class="card">
  <label for="token">{{m.tokenLabel}}</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus
         {{#if error}}aria-invalid="true" aria-describedby="token-error"{{/if}}>
  <button type="submit">{{m.signInButton}}</button>
</form>`;
