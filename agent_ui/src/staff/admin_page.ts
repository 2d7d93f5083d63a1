import "./kefu-admin";
