using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Messaging;

/// <summary>
/// A Spanish-speaking customer end to end: the lead's language from ShopMonkey, from their own words or from staff, and
/// every text, email, notice and keyword answer in it; managers' Spanish wording, with the English as the fallback.
/// </summary>
public abstract class SpanishTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Saturday Nov 28, 9:00 in Round Rock.</summary>
    private static readonly DateTimeOffset SaturdayNine = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    private ChatHarness H { get; set; } = null!;

    private MessagingHarness M => H.Messaging;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private Task<Lead> SpanishLeadAsync(string phone = "(512) 555-0187", string email = "ana@example.com") =>
        M.CreateLeadAsync(phone: phone, email: email, firstName: "Ana", customer: c => c["note"] = "Spanish speaker - prefers texts");

    private static Dictionary<string, string> Contents(System.Text.Json.Nodes.JsonObject email) =>
        email["content"]!.AsArray().ToDictionary(c => c!["type"]!.GetValue<string>(), c => c!["value"]!.GetValue<string>());

    [Fact]
    public async Task ALeadShopMonkeyNotesAsSpanish_GetsItsFirstTextAndEmailInSpanish()
    {
        var lead = await SpanishLeadAsync();

        Assert.Equal((LeadLanguage.Spanish, LanguageSource.ShopMonkey), (lead.Language, lead.LanguageSource));
        var sms = await M.App.EventuallyAsync(() => Task.FromResult(M.Twilio.Creates.FirstOrDefault()));
        Assert.StartsWith("Hola Ana, le saluda acme Round Rock.", sms["Body"], StringComparison.Ordinal);
        Assert.EndsWith("Responda STOP para darse de baja.", sms["Body"], StringComparison.Ordinal);
        await M.App.EventuallyAsync(() => Task.FromResult(!M.SendGrid.Sent.IsEmpty), because: "the first email");
        var email = M.SendGrid.Sent.First().Body;
        Assert.StartsWith("Su presupuesto de acme Round Rock", email["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        var contents = Contents(email);
        Assert.StartsWith("Hola Ana,", contents["text/plain"], StringComparison.Ordinal);
        Assert.Contains("Darse de baja: http://", contents["text/plain"], StringComparison.Ordinal);
        Assert.Contains(">Darse de baja</a>", contents["text/html"], StringComparison.Ordinal);
        Assert.Contains("1 Main St, Round Rock, TX 78664", contents["text/plain"], StringComparison.Ordinal); // the footer's address, as in English

        // An English-speaking customer of the same shop still gets English.
        var tim = await M.CreateLeadAsync(phone: "(512) 555-0100", email: "tim@example.com");
        Assert.Equal((LeadLanguage.English, LanguageSource.Default), (tim.Language, tim.LanguageSource));
        var his = await M.App.EventuallyAsync(() => Task.FromResult(M.Twilio.Creates.FirstOrDefault(c => c["To"] == "+15125550100")));
        Assert.StartsWith("Hi Tim, it's acme Round Rock.", his["Body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCustomersOwnWords_SetTheLanguage_ButStaffsChoiceStands()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        Assert.Equal(LeadLanguage.English, lead.Language);

        var reply = await H.AskAsync(lead.Id, token, "Hola, ¿cuánto cuesta el polarizado cerámico?");

        Assert.Contains("$399", reply.Response, StringComparison.Ordinal);
        Assert.StartsWith("Sí", reply.Response, StringComparison.Ordinal); // answered in Spanish
        var detected = await M.LeadAsync(lead.Id);
        Assert.Equal((LeadLanguage.Spanish, LanguageSource.Detected), (detected.Language, detected.LanguageSource));
        Assert.True(await H.App.DbAsync(db => db.AuditLog.AcrossTenants().AnyAsync(e => e.LeadId == lead.Id && e.Action == AuditActions.LeadLanguageChanged)));
        // The page opened again says Spanish (its words, its hours).
        var context = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/context", token), Ct);
        var view = (await context.Content.ReadFromJsonAsync<LeadOrchestrator.Chat.ChatEndpoints.ChatContextView>(ApiJson.Options, Ct))!;
        Assert.Equal(LeadLanguage.Spanish, view.Language);
        Assert.Contains("lun-vie", view.Location.WeeklyHours, StringComparison.Ordinal);

        // Staff know better: English, and a later Spanish message does not change it back.
        using var staff = await M.StaffClientAsync();
        var set = await staff.PutAsJsonAsync($"/api/console/leads/{lead.Id}/language", new { language = "en" }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        await H.AskAsync(lead.Id, token, "¿Tienen citas el sábado por la mañana?");
        var chosen = await M.LeadAsync(lead.Id);
        Assert.Equal((LeadLanguage.English, LanguageSource.Staff), (chosen.Language, chosen.LanguageSource));
        var detail = await staff.GetFromJsonAsync<LeadStory.LeadDetail>($"/api/console/leads/{lead.Id}", ApiJson.Options, Ct);
        Assert.Equal(new LeadStory.LanguageView(LeadLanguage.English, LanguageSource.Staff), detail!.Language);
        var audit = await H.App.DbAsync(db => db.AuditLog.AcrossTenants().AsNoTracking()
            .Where(e => e.LeadId == lead.Id && e.Action == AuditActions.LeadLanguageChanged).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.Equal(AuditActorType.Staff, audit[^1].ActorType); // the colleague who chose
        Assert.NotNull(audit[^1].ActorId);
    }

    [Fact]
    public async Task AMessageWithoutWords_IsAnsweredInTheLeadsLanguage()
    {
        var lead = await SpanishLeadAsync();
        var token = await H.TokenAsync(lead.Id);

        var reply = await H.AskAsync(lead.Id, token, "👍👍");

        Assert.Contains("Puedo ayudarle", reply.Response, StringComparison.Ordinal);
        Assert.Equal(LanguageSource.ShopMonkey, (await M.LeadAsync(lead.Id)).LanguageSource); // nothing to detect: still ShopMonkey's word
    }

    [Theory]
    [InlineData("""{"language":"fr"}""")]
    [InlineData("""{"language":""}""")]
    [InlineData("""{}""")]
    [InlineData("""{"language":"español de México, por favor, muy largo"}""")]
    public async Task ALanguageWeDoNotSpeak_Is400_AndChangesNothing(string json)
    {
        var lead = await SpanishLeadAsync();
        using var staff = await M.StaffClientAsync();

        var response = await staff.PutAsync($"/api/console/leads/{lead.Id}/language", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("language", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var after = await M.LeadAsync(lead.Id);
        Assert.Equal((LeadLanguage.Spanish, LanguageSource.ShopMonkey), (after.Language, after.LanguageSource));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PutAsJsonAsync($"/api/console/leads/{await M.ForeignLeadAsync()}/language", new { language = "es" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task KeywordAnswers_SpeakTheCustomersLanguage()
    {
        await SpanishLeadAsync();
        await M.SettledAsync((await H.App.DbAsync(db => db.Leads.AcrossTenants().SingleAsync())).Id);

        var help = await (await M.TextTheShopAsync("+15125550187", "HELP")).Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("<Response><Message>acme Round Rock: para ayuda llame al (512) 555-0142.", help, StringComparison.Ordinal);
        Assert.Contains("Responda STOP", help, StringComparison.Ordinal);

        // A number we do not know: AYUDA is Spanish for HELP, and a Spanish message gets a Spanish holding answer.
        var ayuda = await (await M.TextTheShopAsync("+15125550199", "ayuda")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("para ayuda llame al", ayuda, StringComparison.Ordinal);
        var stranger = await (await M.TextTheShopAsync("+15125550198", "Hola, quiero una cita para polarizar mi camioneta")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("¡Gracias por su mensaje! acme Round Rock le responderá pronto.", stranger, StringComparison.Ordinal);
        var english = await (await M.TextTheShopAsync("+15125550197", "Hi, do you do tint on a truck?")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Thanks for your message!", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppointmentNotices_AreInTheLeadsLanguage()
    {
        var lead = await SpanishLeadAsync();
        var token = await H.TokenAsync(lead.Id);
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);

        var booked = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = ceramic, start = SaturdayNine }), Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        var sms = await H.App.EventuallyAsync(() => Task.FromResult(M.Twilio.Creates.Select(c => c["Body"]).FirstOrDefault(b => b.Contains("tiene cita", StringComparison.Ordinal))),
            advance: TimeSpan.FromSeconds(1), because: "the Spanish confirmation text");
        Assert.StartsWith("acme Round Rock: tiene cita para Ceramic Window Tint - Full Sedan el sáb 28 nov a las 9:00 am, 1 Main St, Round Rock, TX 78664.", sms,
            StringComparison.Ordinal);
        JsonElement[] Confirmations() => [.. M.SendGrid.Sent.Select(s => JsonSerializer.SerializeToElement(s.Body))
            .Where(b => b.GetProperty("subject").GetString()!.StartsWith("Cita reservada:", StringComparison.Ordinal))];
        await H.App.EventuallyAsync(() => Task.FromResult(Confirmations().Length > 0), advance: TimeSpan.FromSeconds(1), because: "the Spanish confirmation email");
        var email = Confirmations()[0];
        var text = email.GetProperty("content").EnumerateArray().First(c => c.GetProperty("type").GetString() == "text/plain").GetProperty("value").GetString();
        Assert.Contains("Cuándo: sáb 28 nov a las 9:00 am", text, StringComparison.Ordinal);
        var calendar = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(email.GetProperty("attachments")[0].GetProperty("content").GetString()!));
        Assert.Contains("SUMMARY:Ceramic Window Tint - Full Sedan en acme Round Rock", calendar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagersWriteTheSpanishVersion_AndAStepWithoutOneSendsItsEnglish()
    {
        using var manager = await M.StaffClientAsync();
        var cadence = await manager.GetFromJsonAsync<CadenceTemplateEndpoints.CadenceTemplateView>("/api/console/cadence", ApiJson.Options, Ct);
        Assert.All(cadence!.Steps, s => Assert.False(string.IsNullOrEmpty(s.SpanishBody))); // every default step has one
        Assert.All(cadence.Steps.Where(s => s.Channel == Channel.Email), s => Assert.False(string.IsNullOrEmpty(s.SpanishSubject)));

        var changed = await manager.PutAsJsonAsync("/api/console/cadence/steps/1",
            new { spanishBody = "¡Hola {{ first_name }}! Su presupuesto de {{ shop.name }} está listo: {{ chat_link }}" }, Ct);
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Ct));
        var view = (await changed.Content.ReadFromJsonAsync<CadenceTemplateEndpoints.CadenceTemplateView>(ApiJson.Options, Ct))!;
        Assert.StartsWith("¡Hola {{ first_name }}!", view.Steps[0].SpanishBody, StringComparison.Ordinal);
        Assert.Equal(cadence.Steps[0].Body, view.Steps[0].Body); // the English is untouched

        var ana = await SpanishLeadAsync();
        var first = await M.App.EventuallyAsync(() => Task.FromResult(M.Twilio.Creates.FirstOrDefault()));
        Assert.StartsWith("¡Hola Ana! Su presupuesto de acme Round Rock está listo: http", first["Body"], StringComparison.Ordinal);
        Assert.EndsWith(" Responda STOP para darse de baja.", first["Body"], StringComparison.Ordinal); // the first text's STOP line, in Spanish
        await M.SettledAsync(ana.Id);

        // Removed: Spanish-speaking customers get the English.
        var removed = await manager.PutAsJsonAsync("/api/console/cadence/steps/1", new { spanishBody = "" }, Ct);
        Assert.True(removed.StatusCode == HttpStatusCode.OK, await removed.Content.ReadAsStringAsync(Ct));
        await M.CreateLeadAsync(phone: "(512) 555-0111", email: "luis@example.com", firstName: "Luis", customer: c => c["note"] = "habla español");
        var second = await M.App.EventuallyAsync(() => Task.FromResult(M.Twilio.Creates.FirstOrDefault(c => c["To"] == "+15125550111")));
        Assert.StartsWith("Hi Luis, it's acme Round Rock.", second["Body"], StringComparison.Ordinal);
        var steps = (await manager.GetFromJsonAsync<CadenceTemplateEndpoints.CadenceTemplateView>("/api/console/cadence", ApiJson.Options, Ct))!.Steps;
        Assert.Null(steps[0].SpanishBody);

        // The preview in Spanish: the shop's hours and the footer in Spanish.
        var preview = await manager.PostAsJsonAsync("/api/console/cadence/preview",
            new { channel = "email", subject = "Hola", body = "Nuestro horario: {{ shop.hours }}", language = "es" }, Ct);
        var rendered = (await preview.Content.ReadFromJsonAsync<CadenceTemplateEndpoints.Preview>(ApiJson.Options, Ct))!;
        Assert.Contains("Nuestro horario: lun-vie", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Darse de baja: ", rendered.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, """{"spanishBody":"Hola {{ first_name "}""", "spanishBody")]
    [InlineData(1, """{"spanishBody":"Hola","spanishSubject":"Los textos no tienen asunto"}""", "spanishSubject")]
    [InlineData(2, """{"spanishBody":"Hola","spanishSubject":""}""", "spanishSubject")]
    [InlineData(1, """{"spanishBody":"{% for x in (1..100) %}x{% endfor %}"}""", "spanishBody")]
    public async Task BadSpanishWording_Is400_AndChangesNothing(int step, string json, string field)
    {
        using var manager = await M.StaffClientAsync();
        var before = await manager.GetStringAsync("/api/console/cadence", Ct);

        var response = await manager.PutAsync($"/api/console/cadence/steps/{step}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiJson.Options, Ct);
        Assert.True(problem!.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        Assert.Equal(before, await manager.GetStringAsync("/api/console/cadence", Ct));
    }

    [Fact]
    public async Task CadencesFromBeforeSpanish_GetTheDefaultSpanish_OnlyWhereTheirEnglishIsStillTheDefault()
    {
        using (var manager = await M.StaffClientAsync())
        {
            await manager.GetAsync("/api/console/cadence", Ct);
            Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync("/api/console/cadence/steps/3", new { body = "Our own words: {{ chat_link }}" }, Ct)).StatusCode);
        }
        // As a cadence stored before steps had a Spanish version.
        await H.App.DbAsync(db => db.CadenceSteps.AcrossTenants().ExecuteUpdateAsync(u => u.SetProperty(s => s.SpanishBody, (string?)null).SetProperty(s => s.SpanishSubject, (string?)null), Ct));

        using (var scope = H.App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SpanishWording>().FillAsync(Ct);

        var steps = await H.App.DbAsync(db => db.CadenceSteps.AcrossTenants().AsNoTracking().OrderBy(s => s.StepNumber).ToListAsync());
        Assert.Equal(DefaultCadence.Steps[0].SpanishBody, steps[0].SpanishBody);
        Assert.Equal(DefaultCadence.Steps[1].SpanishSubject, steps[1].SpanishSubject);
        Assert.Null(steps[2].SpanishBody); // rewritten in English: its Spanish is the manager's to write
        Assert.Equal(12, steps.Count(s => s.SpanishBody is not null));
    }
}

public sealed class SpanishTests_Sqlite(PostgresServer postgres) : SpanishTests(DatabaseKind.Sqlite, postgres);

public sealed class SpanishTests_Postgres(PostgresServer postgres) : SpanishTests(DatabaseKind.Postgres, postgres);
