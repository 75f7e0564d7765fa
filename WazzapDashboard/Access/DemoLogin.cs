namespace WazzapDashboard.Access;

/// <summary>The demo mode's admin login, <c>demo</c> with a password made up for the run.</summary>
public sealed record DemoLogin(string Password);
