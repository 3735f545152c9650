package io.chartline.api;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The source address a request is counted against: the connection's peer, or, when that peer is a
 * configured trusted proxy, the nearest address in {@code X-Forwarded-For} that is not one. A client
 * cannot choose its own source by sending the header: it is read only from trusted proxies, right to
 * left, and an entry that is not a plain IP address ends the walk. IPv6 sources are counted by their
 * /64 prefix, the block one subscriber is usually given, so rotating through one's own addresses
 * earns no fresh budget. Addresses are parsed as literals only; nothing here resolves a name.
 * Immutable and thread-safe.
 */
public final class ClientAddresses {

  /** The source of a request whose peer address is unavailable or not an IP address. */
  public static final String UNKNOWN = "unknown";
  private static final String FORWARDED_FOR = "X-Forwarded-For";

  private final List<IpSubnetFilterRule> trusted;

  /**
   * @param trustedProxies IP addresses ({@code 10.0.0.7}) or CIDR ranges ({@code 10.0.0.0/16},
   *     {@code fd00::/8}); empty: {@code X-Forwarded-For} is never read
   * @throws IllegalArgumentException naming {@code CHARTLINE_HTTP_TRUSTED_PROXIES} for an entry that is neither
   */
  public ClientAddresses(List<String> trustedProxies) {
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    for (String entry : trustedProxies) {
      rules.add(rule(entry.trim()));
    }
    this.trusted = List.copyOf(rules);
  }

  /** @return the source key of {@code request}: an IPv4 address, an IPv6 /64 prefix, or {@link #UNKNOWN} */
  public String sourceOf(HttpServerRequest request) {
    SocketAddress peer = request.connection().remoteAddress();
    InetAddress hop = peer == null || peer.hostAddress() == null ? null : literal(peer.hostAddress());
    if (hop == null) {
      return UNKNOWN;
    }
    if (!trusted.isEmpty() && isTrusted(hop)) {
      List<String> forwarded = forwardedFor(request);
      for (int i = forwarded.size() - 1; i >= 0 && isTrusted(hop); i--) {
        InetAddress next = literal(forwarded.get(i));
        if (next == null) {
          break;
        }
        hop = next;
      }
    }
    return key(hop);
  }

  /** @return {@code address} as a source key: IPv4 as written, IPv6 as its /64 prefix */
  static String key(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      for (int i = 8; i < 16; i++) {
        bytes[i] = 0;
      }
      try {
        return NetUtil.toAddressString(InetAddress.getByAddress(bytes)) + "/64";
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException("a 16-byte address is always valid", e);
      }
    }
    return address.getHostAddress();
  }

  private boolean isTrusted(InetAddress address) {
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    for (IpSubnetFilterRule rule : trusted) {
      if (rule.matches(socket)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> forwardedFor(HttpServerRequest request) {
    List<String> entries = new ArrayList<>();
    for (String header : request.headers().getAll(FORWARDED_FOR)) {
      for (String entry : header.split(",", -1)) {
        entries.add(entry.trim());
      }
    }
    return entries;
  }

  /** @return the address written in {@code text}, or null when it is not an IP literal (never a DNS lookup) */
  private static InetAddress literal(String text) {
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!NetUtil.isValidIpV4Address(s) && !NetUtil.isValidIpV6Address(s)) {
      return null;
    }
    return NetUtil.createInetAddressFromIpAddressString(s);
  }

  private static IpSubnetFilterRule rule(String entry) {
    int slash = entry.indexOf('/');
    InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_TRUSTED_PROXIES: not an IP address or CIDR range: " + entry);
    }
    int max = address instanceof Inet6Address ? 128 : 32;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("CHARTLINE_HTTP_TRUSTED_PROXIES: prefix length must be 0.." + max
            + " in " + entry);
      }
    }
    return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
  }
}
