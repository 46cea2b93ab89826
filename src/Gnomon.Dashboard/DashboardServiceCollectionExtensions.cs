using Gnomon.Dashboard.Access;
using Gnomon.Dashboard.Components;
using Gnomon.Dashboard.Editing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Dashboard;

/// <summary>The dashboard at <c>/dashboard</c>: Razor components rendered on the server, reading and changing everything through the node's own API.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>Adds the dashboard's services; call after the API's (it uses its authentication and options).</summary>
    public static IServiceCollection AddGnomonDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddHttpContextAccessor();
        services.AddHttpClient(DashboardApi.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<SelfAddress>();
        services.AddScoped<DashboardApi>();
        // One application name for every node, so a cookie made by one master is read by the next (behind the gateway).
        services.AddDataProtection().SetApplicationName("gnomon");
        services.AddAuthentication().AddCookie(DashboardAccess.Scheme, o =>
        {
            o.Cookie.Name = "gnomon-dashboard";
            o.Cookie.Path = DashboardAccess.BasePath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = DashboardAccess.BasePath + "/sign-in";
            o.AccessDeniedPath = DashboardAccess.BasePath + "/sign-in";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>, DashboardPolicySetup>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "gnomon-dashboard-af";
            o.Cookie.Path = DashboardAccess.BasePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    /// <summary>Maps the pages and their assets; call after <c>MapGnomonApi</c> (authentication runs before).</summary>
    public static WebApplication MapGnomonDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        app.MapGet(DashboardAccess.BasePath + "/assets/{file}", DashboardAssets.Serve).AllowAnonymous().ExcludeFromDescription();
        // Under the dashboard policy, so the request carries the signed-in user its anti-forgery token was made for.
        app.MapPost(DashboardAccess.BasePath + "/sign-out", SignOutAsync).RequireAuthorization(DashboardAccess.Policy).ExcludeFromDescription();
        app.MapPost(DashboardAccess.BasePath + "/preview", SchedulePreviewEndpoint.HandleAsync).RequireAuthorization(DashboardAccess.Policy).ExcludeFromDescription();
        app.MapRazorComponents<App>();
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        await context.SignOutAsync(DashboardAccess.Scheme);
        return Results.Redirect(DashboardAccess.BasePath + "/sign-in");
    }
}
