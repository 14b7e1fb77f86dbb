export const SIGN_IN = `<h1>Sign in</h1>
<p>Paste the personal token your admin gave you. It stays in this browser until you sign out.</p>
{{#if error}}<p class="error" role="alert" id="token-error">{{error}}</p>{{/if}}
<form method="post" action="/app/sign-in" class="card">
  <label for="token">Personal token</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus
         {{#if error}}aria-invalid="true" aria-describedby="token-error"{{/if}}>
  <button type="submit">Sign in</button>
</form>`;
