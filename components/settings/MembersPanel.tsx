"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOut, MailPlus, UserMinus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Form } from "@/components/ui/Form";
import { toast } from "@/components/ui/toast";
import type { z } from "zod";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Spinner } from "@/components/ui/Spinner";
import { TextField } from "@/components/ui/TextField";
import { appErrorData, describeError, translateValidation } from "@/components/ui/errorMessage";
import { INVITATION_TTL_DAYS, ZInvitationFields } from "@/core/domain/members";
import { ROLES, type Role } from "@/core/domain/workspace";
import { CopyField } from "./CopyField";
import { Dialog } from "@/components/ui/Dialog";
import { SettingsSection } from "./SettingsSection";

/** Roles the caller may hand out: only owners make owners. */
function assignableRoles(actorRole: Role): Role[] {
  return actorRole === "owner" ? [...ROLES].reverse() : ["admin", "editor", "viewer"];
}

const selectClass =
  "rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100 disabled:bg-slate-50 disabled:text-slate-500";

export function MembersPanel({ slug, actorRole, currentUserId }: { slug: string; actorRole: Role; currentUserId: string }) {
  return (
    <div className="flex flex-col gap-6">
      <InviteSection slug={slug} actorRole={actorRole} />
      <PendingInvitations slug={slug} actorRole={actorRole} />
      <MemberList slug={slug} actorRole={actorRole} currentUserId={currentUserId} />
    </div>
  );
}

type InviteValues = z.input<typeof ZInvitationFields>;

function InviteSection({ slug, actorRole }: { slug: string; actorRole: Role }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(trpc.members.invite.mutationOptions());
  const [created, setCreated] = useState<{ email: string; link: string; mailed: boolean } | null>(null);
  const form = useForm<InviteValues>({ resolver: zodResolver(ZInvitationFields), defaultValues: { email: "", role: "editor" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const result = await invite.mutateAsync({ workspaceSlug: slug, ...values });
      setCreated({ email: result.invitation.email, link: `${window.location.origin}/invite/${result.secret}`, mailed: result.mailed });
      form.reset({ email: "", role: values.role });
      await queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
    } catch (error) {
      const field = appErrorData(error)?.field === "email" ? "email" : "root";
      form.setError(field, { message: describeError(error, t) });
    }
  });

  return (
    <SettingsSection title={t("members.inviteTitle")} description={t("members.inviteText", { days: INVITATION_TTL_DAYS })}>
      <Form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          className="flex-1"
          type="email"
          label={t("members.email")}
          placeholder={t("members.emailPlaceholder")}
          error={translateValidation(errors.email?.message, t)}
          {...form.register("email")}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor="invite-role" className="text-sm font-medium text-slate-700">
            {t("members.role")}
          </label>
          <select id="invite-role" className={selectClass} {...form.register("role")}>
            {assignableRoles(actorRole).map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" busy={isSubmitting} className="sm:mt-6">
          <MailPlus className="size-4" aria-hidden />
          {t("members.invite")}
        </Button>
      </Form>
      {errors.root?.message && (
        <div className="mt-3">
          <Alert>{errors.root.message}</Alert>
        </div>
      )}
      <RoleHelp />
      {created && (
        <div className="mt-4 flex flex-col gap-3 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="invitation-created">
          <p className="text-sm text-emerald-900">
            {created.mailed
              ? t("members.invitationMailed", { email: created.email })
              : t("members.invitationCreated", { email: created.email })}
          </p>
          <CopyField label={t("members.invitationLink")} value={created.link} />
          <p className="text-xs text-emerald-900">{t("members.invitationLinkOnce")}</p>
        </div>
      )}
    </SettingsSection>
  );
}

function RoleHelp() {
  const t = useTranslations();
  return (
    <details className="mt-3 text-sm text-slate-600">
      <summary className="cursor-pointer text-brand-700">{t("members.rolesHelp")}</summary>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {[...ROLES].reverse().map((role) => (
          <li key={role}>
            <span className="font-medium text-slate-800">{t(`roles.${role}`)}:</span> {t(`members.roleDescriptions.${role}`)}
          </li>
        ))}
      </ul>
    </details>
  );
}

function PendingInvitations({ slug, actorRole }: { slug: string; actorRole: Role }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.members.invitations.queryOptions({ workspaceSlug: slug }));
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions());
  if (!list.data || list.data.length === 0) return null;
  return (
    <SettingsSection title={t("members.pendingTitle")} description={t("members.pendingText")}>
      <ul className="divide-y divide-slate-200" aria-label={t("members.pendingTitle")}>
        {list.data.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center gap-3 py-3 text-sm">
            <span className="flex-1">
              <span className="block font-medium text-slate-900">{invitation.email}</span>
              <span className="block text-xs text-slate-500">
                {t(`roles.${invitation.role}`)} ·{" "}
                {invitation.expired
                  ? t("members.expired")
                  : t("members.expires", { date: format.dateTime(invitation.expiresAt, { dateStyle: "medium" }) })}
                {invitation.invitedByName && ` · ${t("members.invitedBy", { name: invitation.invitedByName })}`}
              </span>
            </span>
            <Button
              variant="ghost"
              size="sm"
              disabled={invitation.role === "owner" && actorRole !== "owner"}
              busy={revoke.isPending && revoke.variables?.invitationId === invitation.id}
              onClick={async () => {
                try {
                  await revoke.mutateAsync({ workspaceSlug: slug, invitationId: invitation.id });
                  await queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
                  toast.success(t("members.withdrawn", { email: invitation.email }));
                } catch (error) {
                  toast.error(describeError(error, t));
                }
              }}
            >
              {t("members.withdraw")}
            </Button>
          </li>
        ))}
      </ul>
    </SettingsSection>
  );
}

type Member = { userId: string; name: string; email: string; role: Role };

function MemberList({ slug, actorRole, currentUserId }: { slug: string; actorRole: Role; currentUserId: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.members.list.queryOptions({ workspaceSlug: slug }));
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions());
  const remove = useMutation(trpc.members.remove.mutationOptions());
  const leave = useMutation(trpc.members.leave.mutationOptions());
  const [removing, setRemoving] = useState<Member | null>(null);
  const [leaving, setLeaving] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });

  if (list.isPending) return <Spinner label={t("common.loading")} />;
  if (list.isError) return <Alert>{describeError(list.error, t)}</Alert>;

  // The last owner can neither leave nor give up the role (the server refuses both): do not offer either.
  const ownerCount = list.data.filter((m) => m.role === "owner").length;
  const soleOwner = (member: Member) => member.role === "owner" && ownerCount === 1;
  const actorIsSoleOwner = list.data.some((m) => m.userId === currentUserId && soleOwner(m));

  return (
    <SettingsSection
      title={t("members.listTitle")}
      description={t("members.listText")}
      actions={
        actorIsSoleOwner ? undefined : (
          <Button variant="secondary" size="sm" onClick={() => setLeaving(true)}>
            <LogOut className="size-4" aria-hidden />
            {t("members.leave")}
          </Button>
        )
      }
    >
      {actorIsSoleOwner && (
        <p className="mb-2 text-xs text-slate-600" data-testid="sole-owner-note">
          {t("members.soleOwnerCannotLeave")}
        </p>
      )}
      <ul className="divide-y divide-slate-200" aria-label={t("members.listTitle")}>
        {list.data.map((member) => {
          const touchesOwner = member.role === "owner" && actorRole !== "owner";
          const lockedRole = touchesOwner || soleOwner(member);
          return (
            <li key={member.userId} className="flex flex-wrap items-center gap-3 py-3 text-sm" data-testid="member-row">
              <span className="flex-1">
                <span className="block font-medium text-slate-900">
                  {member.name}
                  {member.userId === currentUserId && <span className="ml-2 text-xs font-normal text-slate-500">{t("members.you")}</span>}
                </span>
                <span className="block text-xs text-slate-500">{member.email}</span>
              </span>
              <select
                aria-label={t("members.roleOf", { name: member.name })}
                className={selectClass}
                value={member.role}
                disabled={lockedRole || changeRole.isPending}
                title={soleOwner(member) ? t("members.soleOwnerRole") : undefined}
                onChange={async (event) => {
                  const role = event.target.value as Role;
                  try {
                    await changeRole.mutateAsync({ workspaceSlug: slug, userId: member.userId, role });
                    toast.success(t("members.roleChanged", { name: member.name, role: t(`roles.${role}`) }));
                  } catch (error) {
                    toast.error(describeError(error, t));
                  }
                  await refresh();
                }}
              >
                {(touchesOwner ? ROLES : assignableRoles(actorRole)).map((role) => (
                  <option key={role} value={role}>
                    {t(`roles.${role}`)}
                  </option>
                ))}
              </select>
              {member.userId !== currentUserId && (
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={touchesOwner}
                  onClick={() => setRemoving(member)}
                  aria-label={t("members.removeLabel", { name: member.name })}
                >
                  <UserMinus className="size-4" aria-hidden />
                  {t("members.remove")}
                </Button>
              )}
            </li>
          );
        })}
      </ul>

      <Dialog open={removing !== null} onClose={() => setRemoving(null)} title={t("members.removeTitle")}>
        <p className="text-sm text-slate-700">{t("members.removeText", { name: removing?.name ?? "" })}</p>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setRemoving(null)}>
            {t("common.cancel")}
          </Button>
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={async () => {
              if (!removing) return;
              try {
                await remove.mutateAsync({ workspaceSlug: slug, userId: removing.userId });
                toast.success(t("members.removed", { name: removing.name }));
                setRemoving(null);
                await refresh();
              } catch (error) {
                toast.error(describeError(error, t));
              }
            }}
          >
            {t("members.remove")}
          </Button>
        </div>
      </Dialog>

      <Dialog open={leaving} onClose={() => setLeaving(false)} title={t("members.leaveTitle")}>
        <p className="text-sm text-slate-700">{t("members.leaveText")}</p>
        {leave.isError && (
          <div className="mt-3">
            <Alert>{describeError(leave.error, t)}</Alert>
          </div>
        )}
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setLeaving(false)}>
            {t("common.cancel")}
          </Button>
          <Button
            variant="danger"
            busy={leave.isPending}
            onClick={async () => {
              try {
                await leave.mutateAsync({ workspaceSlug: slug });
                await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
                router.push("/dashboard");
                router.refresh();
              } catch {
                // Shown in the dialog (e.g. the last owner cannot leave).
              }
            }}
          >
            {t("members.leave")}
          </Button>
        </div>
      </Dialog>
    </SettingsSection>
  );
}
