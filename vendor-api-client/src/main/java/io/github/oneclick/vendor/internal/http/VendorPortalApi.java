package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.AppUpdate;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.PATCH;
import retrofit2.http.Path;

/** The Vendor Portal app update, and the read of an app. Internal to the client. */
public interface VendorPortalApi {
    /** The path of the Vendor Portal's apps, relative to the API URL. */
    String APPS = "api/v1/vendor-portal/apps/";

    /** Where users see their listings. */
    String WEB = "https://cloud.digitalocean.com/vendorportal";

    @PATCH(APPS + "{appId}")
    Call<AppDetails> updateApp(@Path("appId") String appId, @Body AppUpdate update);

    /** The deprecated form with the version in the path. */
    @PATCH(APPS + "{appId}/versions/{version}")
    Call<AppDetails> updateAppVersion(
            @Path("appId") String appId, @Path("version") String version, @Body AppUpdate update);

    /** The app as the Vendor Portal shows it; not documented, used by DigitalOcean's own scripts. */
    @GET(APPS + "{appId}")
    Call<AppDetails> getApp(@Path("appId") String appId);
}
