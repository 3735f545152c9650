package io.chartline.esdk;

import com.amazonaws.encryptionsdk.MasterKeyProvider;
import io.chartline.common.crypto.CryptoException;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.TenantKeyRow;

/** A {@link KeyBackend} whose versions the AWS Encryption SDK seals and opens under. */
public interface EsdkKeyBackend extends KeyBackend {

  /**
   * @return a master key provider that seals and opens under this version only
   * @throws CryptoException with {@code KEY_UNAVAILABLE} when the material cannot be reached
   */
  MasterKeyProvider<?> open(TenantKeyRow row);
}
