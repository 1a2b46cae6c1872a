package io.switchboard.engine.internal.grid;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;

/** Keys of the objects map: {@code Type|tenant|id}, so an object's state has one owner partition. */
final class Keys {

    private Keys() {
    }

    static String of(ObjectType type, String tenant, String id) {
        return new ObjectRef(tenant, type, id).key();
    }

    static ObjectType typeOf(String key) {
        return ObjectType.valueOf(key.substring(0, key.indexOf('|')));
    }

    static String tenantOf(String key) {
        int a = key.indexOf('|');
        return key.substring(a + 1, key.indexOf('|', a + 1));
    }

    static String idOf(String key) {
        int a = key.indexOf('|');
        return key.substring(key.indexOf('|', a + 1) + 1);
    }

    static String dnIndexKey(String tenant, String dn) {
        return tenant + '|' + dn;
    }
}
