using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ShopMonkeyWebhookRegistration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "webhook_checked_at",
                table: "tenant_crm_configs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "webhook_id",
                table: "tenant_crm_configs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "webhook_problem",
                table: "tenant_crm_configs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "webhook_registered_at",
                table: "tenant_crm_configs",
                type: "timestamp with time zone",
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
