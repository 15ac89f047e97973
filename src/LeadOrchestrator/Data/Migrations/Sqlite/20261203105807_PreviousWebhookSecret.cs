using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PreviousWebhookSecret : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "previous_webhook_secret_sealed",
                table: "tenant_crm_configs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_webhook_secret_until",
                table: "tenant_crm_configs",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "previous_webhook_secret_sealed",
                table: "tenant_crm_configs");

            migrationBuilder.DropColumn(
                name: "previous_webhook_secret_until",
                table: "tenant_crm_configs");
        }
    }
}
