using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShopMonkeyWebhookRegistration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "webhook_checked_at",
                table: "tenant_crm_configs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "webhook_id",
                table: "tenant_crm_configs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "webhook_problem",
                table: "tenant_crm_configs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "webhook_registered_at",
                table: "tenant_crm_configs",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "webhook_checked_at",
                table: "tenant_crm_configs");

            migrationBuilder.DropColumn(
                name: "webhook_id",
                table: "tenant_crm_configs");

            migrationBuilder.DropColumn(
                name: "webhook_problem",
                table: "tenant_crm_configs");

            migrationBuilder.DropColumn(
                name: "webhook_registered_at",
                table: "tenant_crm_configs");
        }
    }
}
