package io.chartline.common.intake;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * Port for the objects other clients wrote into the documents bucket: the last event seen per key
 * (so a redelivered or older event never replaces a newer version) and the document each object is.
 */
public interface ObjectSourceStore {

  /** What to do with an event, decided against the last one recorded for its key. */
  enum Decision {
    /** The event is newer: the document row now describes this version; announce it. */
    INGEST,
    /** The same event again, and its document is still waiting to be parsed: announce it again. */
    INGEST_AGAIN,
    /** The object was removed by a newer event: announce the removal. */
    REMOVE,
    /** Older than, or the same as, what is recorded and already handled: nothing to do. */
    SKIP
  }

  /**
   * A new version of an object, as the document to make of it.
   *
   * @param title the document's title in clear, or null when it is sealed
   * @param sealedTitle the title sealed under the tenant's key, or null
   */
  record Version(UUID documentId, ObjectEvent event, String title, SealedText sealedTitle, String contentType,
      long size) {
  }

  /**
   * Records an object's creation, in one transaction: when it is newer than what the key last saw,
   * the key's last event and the document row ({@code received}, the new version's size, ETag and
   * content type) are written.
   */
  Future<Decision> created(TenantId tenant, Version version, String createdBy);

  /** Records an object's removal: {@link Decision#REMOVE} when it is newer than what the key last saw. */
  Future<Decision> removed(TenantId tenant, UUID documentId, ObjectEvent event);
}
