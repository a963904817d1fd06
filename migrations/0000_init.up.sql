-- strata migration 0000_init (up)
-- hazards: none

CREATE TYPE "public"."audit_action" AS ENUM ('create', 'update', 'delete', 'ban', 'unban', 'shadow_ban', 'login', 'logout');

CREATE TYPE "public"."audit_role" AS ENUM ('user', 'moderator', 'admin', 'system');

CREATE TYPE "public"."auth_role" AS ENUM ('user', 'moderator', 'admin');

CREATE TYPE "public"."moderation_severity" AS ENUM ('low', 'medium', 'high', 'critical');

CREATE TYPE "public"."notification_type" AS ENUM ('comment', 'reply', 'vote', 'mention', 'system');

CREATE TYPE "public"."platform" AS ENUM ('web', 'android', 'ios');

CREATE TYPE "public"."topic" AS ENUM ('general', 'academics', 'placements', 'events', 'confessions', 'memes');

CREATE TYPE "public"."user_status" AS ENUM ('ONBOARDING', 'ACTIVE', 'SUSPENDED', 'DELETED');

CREATE TYPE "public"."vote_target" AS ENUM ('post', 'comment');

CREATE TYPE "public"."vote_type" AS ENUM ('upvote', 'downvote');

CREATE TABLE "public"."account" (
  "id" text NOT NULL,
  "account_id" text NOT NULL,
  "provider_id" text NOT NULL,
  "user_id" text NOT NULL,
  "access_token" text,
  "refresh_token" text,
  "id_token" text,
  "access_token_expires_at" timestamp with time zone,
  "refresh_token_expires_at" timestamp with time zone,
  "scope" text,
  "password" text,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

COMMENT ON COLUMN "public"."account"."password" IS 'password hash for the credential provider';

CREATE TABLE "public"."audit_logs" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "occured_at" timestamp with time zone NOT NULL DEFAULT now(),
  "actor_id" uuid,
  "actor_type" "public"."audit_role" NOT NULL,
  "action" "public"."audit_action" NOT NULL,
  "entity_type" text NOT NULL,
  "entity_id" uuid NOT NULL,
  "before" jsonb,
  "after" jsonb,
  "ip_address" inet,
  "user_agent" text,
  "request_id" text,
  "reason" text,
  "metadata" jsonb NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."auth" (
  "id" text NOT NULL,
  "name" text NOT NULL,
  "email" text NOT NULL,
  "email_verified" boolean NOT NULL DEFAULT false,
  "image" text,
  "role" "public"."auth_role" NOT NULL DEFAULT 'user',
  "banned" boolean NOT NULL DEFAULT false,
  "ban_reason" text,
  "ban_expires" timestamp with time zone,
  "two_factor_enabled" boolean NOT NULL DEFAULT false,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "auth_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "auth_email_key" UNIQUE ("email")
);

COMMENT ON TABLE "public"."auth" IS 'One row per identity: login email, role and ban state';

CREATE TABLE "public"."bookmarks" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "postId" uuid NOT NULL,
  "userId" uuid NOT NULL,
  "createdAt" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "bookmarks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."colleges" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "name" text NOT NULL,
  "email_domain" text NOT NULL,
  "city" text NOT NULL,
  "state" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "colleges_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."comments" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "postId" uuid NOT NULL,
  "commentedBy" uuid NOT NULL,
  "parentCommentId" uuid,
  "content" text NOT NULL,
  "isBanned" boolean NOT NULL DEFAULT false,
  "createdAt" timestamp with time zone NOT NULL DEFAULT now(),
  "updatedAt" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."platform_user" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "auth_id" text NOT NULL,
  "username" character varying(32) NOT NULL,
  "college_id" uuid NOT NULL,
  "branch" text,
  "karma" integer NOT NULL DEFAULT 0,
  "status" "public"."user_status" NOT NULL DEFAULT 'ONBOARDING',
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "platform_user_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "platform_user_auth_id_key" UNIQUE ("auth_id"),
  CONSTRAINT "platform_user_username_key" UNIQUE ("username"),
  CONSTRAINT "platform_user_branch_check" CHECK ((status = 'ONBOARDING' AND branch IS NULL) OR (status <> 'ONBOARDING' AND branch IS NOT NULL))
);

COMMENT ON TABLE "public"."platform_user" IS 'A student''s profile; one per auth row';

CREATE TABLE "public"."posts" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "postedBy" uuid NOT NULL,
  "title" character varying(300) NOT NULL,
  "content" text NOT NULL,
  "topic" "public"."topic" NOT NULL DEFAULT 'general',
  "isPrivate" boolean NOT NULL DEFAULT false,
  "isBanned" boolean NOT NULL DEFAULT false,
  "isShadowBanned" boolean NOT NULL DEFAULT false,
  "views" integer NOT NULL DEFAULT 0,
  "createdAt" timestamp with time zone NOT NULL DEFAULT now(),
  "updatedAt" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."session" (
  "id" text NOT NULL,
  "expires_at" timestamp with time zone NOT NULL,
  "token" text NOT NULL,
  "ip_address" text,
  "user_agent" text,
  "platform" "public"."platform",
  "user_id" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "session_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "session_token_key" UNIQUE ("token")
);

CREATE TABLE "public"."two_factor" (
  "id" text NOT NULL,
  "secret" text NOT NULL,
  "backup_codes" text NOT NULL,
  "user_id" text NOT NULL,
  CONSTRAINT "two_factor_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."verification" (
  "id" text NOT NULL,
  "identifier" text NOT NULL,
  "value" text NOT NULL,
  "expires_at" timestamp with time zone NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."votes" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "userId" uuid NOT NULL,
  "targetType" "public"."vote_target" NOT NULL,
  "targetId" uuid NOT NULL,
  "voteType" "public"."vote_type" NOT NULL,
  "createdAt" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

COMMENT ON COLUMN "public"."votes"."targetType" IS 'routes targetId to posts or comments';

CREATE INDEX "account_user_id_idx" ON "public"."account" ("user_id");

CREATE INDEX "audit_logs_actor_idx" ON "public"."audit_logs" ("actor_id");

CREATE INDEX "audit_logs_entity_idx" ON "public"."audit_logs" ("entity_type", "entity_id");

CREATE INDEX "audit_logs_occured_at_idx" ON "public"."audit_logs" ("occured_at" DESC);

CREATE UNIQUE INDEX "bookmarks_user_post_idx" ON "public"."bookmarks" ("userId", "postId");

CREATE INDEX "colleges_city_state_idx" ON "public"."colleges" ("city", "state");

CREATE INDEX "colleges_name_idx" ON "public"."colleges" ("name");

CREATE INDEX "comments_post_id_idx" ON "public"."comments" ("postId", "createdAt");

CREATE INDEX "platform_user_college_id_idx" ON "public"."platform_user" ("college_id");

CREATE INDEX "posts_posted_by_idx" ON "public"."posts" ("postedBy");

CREATE INDEX "posts_topic_idx" ON "public"."posts" ("topic", "createdAt" DESC) WHERE NOT "isBanned";

CREATE INDEX "posts_visibility_idx" ON "public"."posts" ("isBanned", "isShadowBanned", "createdAt" DESC);

CREATE INDEX "session_user_id_idx" ON "public"."session" ("user_id");

CREATE INDEX "two_factor_secret_idx" ON "public"."two_factor" ("secret");

CREATE INDEX "two_factor_user_id_idx" ON "public"."two_factor" ("user_id");

CREATE INDEX "verification_identifier_idx" ON "public"."verification" ("identifier");

CREATE INDEX "votes_target_idx" ON "public"."votes" ("targetType", "targetId");

CREATE UNIQUE INDEX "votes_user_target_unique" ON "public"."votes" ("userId", "targetType", "targetId");

ALTER TABLE "public"."account" ADD CONSTRAINT "account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."auth" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."bookmarks" ADD CONSTRAINT "bookmarks_postId_fkey" FOREIGN KEY ("postId") REFERENCES "public"."posts" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."bookmarks" ADD CONSTRAINT "bookmarks_userId_fkey" FOREIGN KEY ("userId") REFERENCES "public"."platform_user" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."comments" ADD CONSTRAINT "comments_commentedBy_fkey" FOREIGN KEY ("commentedBy") REFERENCES "public"."platform_user" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."comments" ADD CONSTRAINT "comments_parentCommentId_fkey" FOREIGN KEY ("parentCommentId") REFERENCES "public"."comments" ("id") ON DELETE SET NULL;

ALTER TABLE "public"."comments" ADD CONSTRAINT "comments_postId_fkey" FOREIGN KEY ("postId") REFERENCES "public"."posts" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."platform_user" ADD CONSTRAINT "platform_user_auth_id_fkey" FOREIGN KEY ("auth_id") REFERENCES "public"."auth" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."platform_user" ADD CONSTRAINT "platform_user_college_id_fkey" FOREIGN KEY ("college_id") REFERENCES "public"."colleges" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."posts" ADD CONSTRAINT "posts_postedBy_fkey" FOREIGN KEY ("postedBy") REFERENCES "public"."platform_user" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."auth" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."two_factor" ADD CONSTRAINT "two_factor_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."auth" ("id") ON DELETE CASCADE;

ALTER TABLE "public"."votes" ADD CONSTRAINT "votes_userId_fkey" FOREIGN KEY ("userId") REFERENCES "public"."platform_user" ("id") ON DELETE CASCADE;
