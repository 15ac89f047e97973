using System.Text;
using LeadOrchestrator.Messaging;
using Twilio.Security;

namespace LeadOrchestrator.Tests.Messaging;

/// <summary>The public test vectors of Twilio's and SendGrid's webhook signatures (../shared/reference/protocols.md).</summary>
public sealed class SignatureVectorTests
{
    private const string TwilioToken = "12345";

    private static readonly Dictionary<string, string> TwilioParams = new()
    {
        // Deliberately out of order, as in twilio-csharp's RequestValidatorTest.
        ["CallSid"] = "CA1234567890ABCDE",
        ["From"] = "+14158675309",
        ["Digits"] = "1234",
        ["To"] = "+18005551212",
        ["Caller"] = "+14158675309",
    };

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w=")]
    [InlineData("http://mycompany.com:80/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")]
    [InlineData("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")]
    [InlineData("https://mycompany.com:1234/myapp.php?foo=1&bar=2", "CYn1h0gLBdNxDGkKJg6hYohgeD8=")]
    [InlineData("https://MyCompany.com/myapp.php?foo=1&bar=2", "g9IN/x4Cft2g517EjYvEvM/W7LU=")]
    [InlineData("https://MyCompany.com:1234/myapp.php?foo=1&bar=2", "PCqOZm8cnu/L6+u5i5fuEd+Iac4=")]
    [InlineData("http://username:password@MyCompany.com/myapp.php?foo=1&bar=2", "PJ08CxXr7KLPjEQCTc8LkUSMwSM=")]
    public void Twilio_PublicVectors_AreAcceptedByTheValidatorWeUse(string url, string signature)
    {
        Assert.True(new RequestValidator(TwilioToken).Validate(url, TwilioParams, signature));
    }

    [Fact]
    public void Twilio_OurSandboxSigner_MatchesTheVector()
    {
        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioSignature.Sign(TwilioToken, "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioParams));
        var legacy = new Dictionary<string, string>(TwilioParams) { ["Caller"] = "+12349013030", ["From"] = "+12349013030" };
        Assert.Equal("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", TwilioSignature.Sign(TwilioToken, "https://mycompany.com/myapp.php?foo=1&bar=2", legacy));
    }

    [Fact]
    public void Twilio_AlteredSignatureOrParameters_AreRefused()
    {
        var validator = new RequestValidator(TwilioToken);
        Assert.False(validator.Validate("https://mycompany.com/myapp.php?foo=1&bar=2", TwilioParams, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8="));
        var tampered = new Dictionary<string, string>(TwilioParams) { ["Digits"] = "9999" };
        Assert.False(validator.Validate("https://mycompany.com/myapp.php?foo=1&bar=2", tampered, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    }

    private const string KeyA = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
    private const string SignatureA = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
    private const string TimestampA = "1600112502";
    private const string PayloadA = "[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\",\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\",\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\",\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\",\"timestamp\":1600112492}]\r\n";

    [Fact]
    public void SendGrid_VectorA_Verifies_OnlyWithTheExactBytes()
    {
        Assert.True(SendGridWebhooks.Verify(KeyA, SignatureA, TimestampA, Encoding.UTF8.GetBytes(PayloadA)));
        Assert.False(SendGridWebhooks.Verify(KeyA, SignatureA, TimestampA, Encoding.UTF8.GetBytes(PayloadA.TrimEnd())));
    }

    [Theory]
    [InlineData("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==", SignatureA, TimestampA, PayloadA)]
    [InlineData(KeyA, SignatureA, TimestampA, "payload")]
    [InlineData(KeyA, SignatureA, "timestamp", PayloadA)]
    [InlineData(KeyA, "MEQCIB3bJQOarffIdM7+MEee+kYAdoViz6RUoScOASwMcXQxAiAcrus/j853JUlVm5qIRfbKBJwJq89znqOTedy3RetXLQ==", TimestampA, PayloadA)]
    [InlineData(KeyA, "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=", TimestampA, PayloadA)]
    [InlineData(KeyA, "not base64 at all", TimestampA, PayloadA)]
    [InlineData("not a key", SignatureA, TimestampA, PayloadA)]
    public void SendGrid_VectorA_NegativeCases_AreRefused(string key, string signature, string timestamp, string payload)
    {
        Assert.False(SendGridWebhooks.Verify(key, signature, timestamp, Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void SendGrid_VectorB_MultipleEvents_Verifies()
    {
        const string key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==";
        const string signature = "MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5";
        const string payload = "[{\"email\":\"invalid@gmail.com\",\"event\":\"processed\",\"send_at\":0,\"sg_event_id\":\"cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA\",\"sg_message_id\":\"qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0\",\"smtp-id\":\"<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>\",\"timestamp\":1619651146},\r\n{\"email\":\"invalid@gmail.com\",\"event\":\"bounce\",\"ip\":\"167.89.101.76\",\"reason\":\"552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp\",\"sg_event_id\":\"Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w\",\"sg_message_id\":\"qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0\",\"smtp-id\":\"<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>\",\"status\":\"5.2.2\",\"timestamp\":1619651147,\"tls\":1,\"type\":\"blocked\"}]\r\n";

        Assert.True(SendGridWebhooks.Verify(key, signature, "1619651159", Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void SendGrid_VectorC_Legacy_Verifies()
    {
        const string key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
        const string signature = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";

        Assert.True(SendGridWebhooks.Verify(key, signature, "1588788367", Encoding.UTF8.GetBytes("{\"category\":\"example_payload\",\"event\":\"test_event\",\"message_id\":\"message_id\"}")));
    }
}
