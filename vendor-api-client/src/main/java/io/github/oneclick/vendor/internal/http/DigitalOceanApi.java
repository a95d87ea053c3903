package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.internal.http.Envelopes.ActionEnvelope;
import io.github.oneclick.vendor.internal.http.Envelopes.ActionsPage;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletActionRequest;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletCreateBody;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletEnvelope;
import io.github.oneclick.vendor.internal.http.Envelopes.DropletsPage;
import io.github.oneclick.vendor.internal.http.Envelopes.ImageActionRequest;
import io.github.oneclick.vendor.internal.http.Envelopes.ImageEnvelope;
import io.github.oneclick.vendor.internal.http.Envelopes.RegionsPage;
import io.github.oneclick.vendor.internal.http.Envelopes.SizesPage;
import io.github.oneclick.vendor.internal.http.Envelopes.SnapshotsPage;
import io.github.oneclick.vendor.internal.http.Envelopes.SshKeyCreateBody;
import io.github.oneclick.vendor.internal.http.Envelopes.SshKeyEnvelope;
import io.github.oneclick.vendor.internal.http.Envelopes.SshKeysPage;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Url;

/** The DigitalOcean API v2 calls for droplets, their snapshots, SSH keys and the catalogue. Internal to the client. */
public interface DigitalOceanApi {

    @GET("v2/droplets/{id}")
    Call<DropletEnvelope> getDroplet(@Path("id") long dropletId);

    /** Droplets by name; {@code type} {@code gpus} lists GPU droplets, which are left out otherwise. */
    @GET("v2/droplets")
    Call<DropletsPage> listDropletsByName(
            @Query("name") String name, @Query("type") String type, @Query("per_page") int perPage);

    /** Droplets by tag; {@code type} {@code gpus} lists GPU droplets, which are left out otherwise. */
    @GET("v2/droplets")
    Call<DropletsPage> listDropletsByTag(
            @Query("tag_name") String tag, @Query("type") String type, @Query("per_page") int perPage);

    @GET
    Call<DropletsPage> nextDroplets(@Url String nextPage);

    @DELETE("v2/droplets/{id}")
    Call<Void> deleteDroplet(@Path("id") long dropletId);

    @POST("v2/droplets")
    Call<DropletEnvelope> createDroplet(@Body DropletCreateBody request);

    @DELETE("v2/droplets")
    Call<Void> deleteDropletsByTag(@Query("tag_name") String tag);

    @GET("v2/account/keys")
    Call<SshKeysPage> listSshKeys(@Query("per_page") int perPage);

    @GET
    Call<SshKeysPage> nextSshKeys(@Url String nextPage);

    @GET("v2/account/keys/{key}")
    Call<SshKeyEnvelope> getSshKey(@Path("key") String idOrFingerprint);

    @POST("v2/account/keys")
    Call<SshKeyEnvelope> createSshKey(@Body SshKeyCreateBody request);

    @DELETE("v2/account/keys/{key}")
    Call<Void> deleteSshKey(@Path("key") String idOrFingerprint);

    @GET("v2/sizes")
    Call<SizesPage> listSizes(@Query("per_page") int perPage);

    @GET
    Call<SizesPage> nextSizes(@Url String nextPage);

    @GET("v2/regions")
    Call<RegionsPage> listRegions(@Query("per_page") int perPage);

    @GET
    Call<RegionsPage> nextRegions(@Url String nextPage);

    @GET("v2/images/{slug}")
    Call<ImageEnvelope> getImageBySlug(@Path("slug") String slug);

    @POST("v2/droplets/{id}/actions")
    Call<ActionEnvelope> postDropletAction(@Path("id") long dropletId, @Body DropletActionRequest request);

    @GET("v2/droplets/{id}/actions")
    Call<ActionsPage> listDropletActions(@Path("id") long dropletId, @Query("per_page") int perPage);

    @GET
    Call<ActionsPage> nextActions(@Url String nextPage);

    @GET("v2/actions/{id}")
    Call<ActionEnvelope> getAction(@Path("id") long actionId);

    @GET("v2/droplets/{id}/snapshots")
    Call<SnapshotsPage> listDropletSnapshots(@Path("id") long dropletId, @Query("per_page") int perPage);

    @GET("v2/snapshots")
    Call<SnapshotsPage> listSnapshots(@Query("resource_type") String resourceType, @Query("per_page") int perPage);

    @GET
    Call<SnapshotsPage> nextSnapshots(@Url String nextPage);

    @DELETE("v2/snapshots/{id}")
    Call<Void> deleteSnapshot(@Path("id") String snapshotId);

    @GET("v2/images/{id}")
    Call<ImageEnvelope> getImage(@Path("id") long imageId);

    @DELETE("v2/images/{id}")
    Call<Void> deleteImage(@Path("id") long imageId);

    @POST("v2/images/{id}/actions")
    Call<ActionEnvelope> postImageAction(@Path("id") long imageId, @Body ImageActionRequest request);

    @GET("v2/images/{id}/actions/{actionId}")
    Call<ActionEnvelope> getImageAction(@Path("id") long imageId, @Path("actionId") long actionId);

    @GET("v2/images/{id}/actions")
    Call<ActionsPage> listImageActions(@Path("id") long imageId, @Query("per_page") int perPage);
}
