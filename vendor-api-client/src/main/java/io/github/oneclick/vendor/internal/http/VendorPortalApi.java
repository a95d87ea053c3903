package io.github.oneclick.vendor.internal.http;

import io.github.oneclick.vendor.model.AppDetails;
import io.github.oneclick.vendor.model.AppUpdate;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.PATCH;
import retrofit2.http.Path;

/** The Vendor Portal app update. Internal to the client. */
public interface VendorPortalApi {

    @PATCH("api/v1/vendor-portal/apps/{appId}")
    Call<AppDetails> updateApp(@Path("appId") String appId, @Body AppUpdate update);

    /** The deprecated form with the version in the path. */
    @PATCH("api/v1/vendor-portal/apps/{appId}/versions/{version}")
    Call<AppDetails> updateAppVersion(@Path("appId") String appId, @Path("version") String version,
            @Body AppUpdate update);
}
