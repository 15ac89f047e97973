using LeadOrchestrator.Audit;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Chat.Checkup;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Customers;
using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using LeadOrchestrator.Health;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Jobs;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Live;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Notifications;
using LeadOrchestrator.ShopMonkey;
using LeadOrchestrator.Staff;
using LeadOrchestrator.StaffConsole;
using LeadOrchestrator.Tenants;

var builder = WebApplication.CreateBuilder(args);
// An operator's command says what it did in its own words; the framework's and the database's chatter stays out.
if (args is ["tenants", ..])
    builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning && category?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) != true);

builder.AddCommon();
builder.AddData();
builder.AddAudit();
builder.AddTenants();
builder.AddJobs();
builder.AddShopMonkey();
builder.AddIntake();
builder.AddMessaging();
builder.AddLinks();
builder.AddConversations();
// Before the live events and alerts: save interceptors run in the order they are added, and a console told of a
// change must find the lead's stage already refreshed.
builder.AddLeads();
builder.AddCustomers();
builder.AddLive();
builder.AddCadence();
builder.AddChat();
builder.AddBooking();
builder.AddNotifications();
builder.AddStaff();
builder.AddDemo();
builder.AddHealth();
builder.AddApiDocuments();

var app = builder.Build();

if (args.Contains("migrate"))
    return await app.RunMigrateCommandAsync();
if (args is ["tenants", .. var tenantArgs])
    return await app.RunTenantCommandAsync(tenantArgs, Console.Out, Console.Error);

app.UseProxyHeaders();
app.UseServerClock();
app.UseServerTiming();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseChatPageAssets();
app.UseCors();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapApiDocuments();
if (app.HasRole(AppRoles.Web))
{
    app.MapShopMonkeyWebhooks();
    app.MapTwilioWebhooks();
    app.MapSendGridWebhooks();
    app.MapLinkPages();
    app.MapChatPage();
    app.MapStaffConsolePage();
    app.MapStaffAuth();
    app.MapUserApi();
    app.MapInvitationApi();
    app.MapAccountApi();
    app.MapAuditApi();
    app.MapIntegrationApi();
    app.MapLocationApi();
    app.MapTestLeadApi();
    app.MapCustomerDataApi();
    app.MapCadenceApi();
    app.MapCadenceTemplateApi();
    app.MapRehearsalApi();
    app.MapCheckupApi();
    app.MapChatApi();
    app.MapConversationConsoleApi();
    app.MapLiveApi();
    app.MapLeadConsoleApi();
    app.MapLeadConversationApi();
    app.MapSuggestionApi();
    app.MapSavedReplyApi();
    app.MapBookingApi();
    app.MapAppointmentConsoleApi();
    app.MapAgendaApi();
    app.MapNotificationApi();
    app.MapUnresolvedMessagesApi();
    app.MapFailedEventsApi();
    app.MapApiHealth();
    app.MapDemo();
}

await app.InitializeDatabaseAsync();
app.PrintUrlsOnStart();
app.PrintDemoHelpOnStart();
await app.RunAsync();
return 0;

/// <summary>The entry point; public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
